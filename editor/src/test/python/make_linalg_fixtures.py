#!/usr/bin/env python3
"""numpy references for the editor's linear algebra (AlphaEdit's null-space projector).

Writes ../resources/fixtures/linalg/nullspace.json: a seeded symmetric positive semi-definite
matrix C = E[k k^T] of 24 random keys in 16 dimensions whose last 6 directions are nearly empty
(scaled by 1e-3), and for relative thresholds 0.02 and 0.5 the projector P = U0 U0^T over the
eigenvectors of C (numpy.linalg.eigh, float64) with eigenvalue <= threshold * max eigenvalue, and
the number of such eigenvectors.

Usage: python3 make_linalg_fixtures.py [--check]   (--check: exit 1 if the committed file differs)
"""
import argparse
import json
import pathlib
import sys

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "resources" / "fixtures" / "linalg" / "nullspace.json"


def build():
    rng = np.random.default_rng(20261206)
    n, samples = 16, 24
    keys = rng.standard_normal((samples, n))
    keys[:, 10:] *= 1e-3
    mix, _ = np.linalg.qr(rng.standard_normal((n, n)))  # rotate so the null space is not axis-aligned
    keys = keys @ mix.T
    c = keys.T @ keys / samples
    w, v = np.linalg.eigh(c)
    cases = []
    for rel in (0.02, 0.5):
        keep = w <= rel * w.max()
        u0 = v[:, keep]
        cases.append({"threshold": rel, "dimension": int(keep.sum()),
                      "projector": [round(float(x), 12) for x in (u0 @ u0.T).ravel()]})
    return {"n": n, "c": [round(float(x), 15) for x in c.ravel()], "cases": cases}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = json.dumps(build(), indent=1) + "\n"
    if args.check:
        if not OUT.is_file() or OUT.read_text() != text:
            print(f"{OUT} differs from what make_linalg_fixtures.py makes", file=sys.stderr)
            sys.exit(1)
        print(f"{OUT.name}: up to date")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
