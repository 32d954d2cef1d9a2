#!/usr/bin/env python3
"""numpy references for the editor's linear algebra (AlphaEdit's null-space projector, MEMOIR's routing).

Writes ../resources/fixtures/linalg/nullspace.json: a seeded symmetric positive semi-definite
matrix C = E[k k^T] of 24 random keys in 16 dimensions whose last 6 directions are nearly empty
(scaled by 1e-3), and for relative thresholds 0.02 and 0.5 the projector P = U0 U0^T over the
eigenvectors of C (numpy.linalg.eigh, float64) with eigenvalue <= threshold * max eigenvalue, and
the number of such eigenvectors.

Also writes ../resources/fixtures/linalg/memoir.json: MEMOIR's routing (ResidualMemory) on seeded
entries (keys, shifts, per-dimension scale, mask size k, threshold) and query keys (perturbed
entries and unrelated keys): each query's top-k mask of |key| * scale, its overlap with each entry's
mask over k, the entry it routes to (-1 below the threshold) and the MLP output after the hook.

Usage: python3 make_linalg_fixtures.py [--check]   (--check: exit 1 if the committed file differs)
"""
import argparse
import json
import pathlib
import sys

import numpy as np

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "resources" / "fixtures" / "linalg"
OUT = FIXTURES / "nullspace.json"
MEMOIR = FIXTURES / "memoir.json"


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


def topk_mask(keys, scale, k):
    s = np.abs(keys) * scale
    kth = np.sort(s, axis=1)[:, -k][:, None]
    return (s >= kth).astype(np.float64)


def build_memoir():
    rng = np.random.default_rng(20261207)
    n, di, d, k, threshold = 5, 32, 4, 6, 0.5
    scale = rng.uniform(0.5, 2.0, di)
    keys = rng.standard_normal((n, di))
    shifts = rng.standard_normal((n, d))
    near = keys[[0, 2, 4]] + 0.05 * rng.standard_normal((3, di))
    far = rng.standard_normal((4, di))
    queries = np.vstack([near, far, keys[1:2]])
    values = rng.standard_normal((len(queries), d))
    qm = topk_mask(queries, scale, k)
    em = topk_mask(keys, scale, k)
    overlap = qm @ em.T / k
    best = overlap.max(axis=1)
    route = np.where(best >= threshold, overlap.argmax(axis=1), -1)
    out = values + np.where(route[:, None] >= 0, shifts[np.maximum(route, 0)], 0.0)

    def flat(a):
        return [round(float(x), 12) for x in np.asarray(a).ravel()]

    return {"n": n, "di": di, "d": d, "k": k, "threshold": threshold, "scale": flat(scale), "keys": flat(keys),
            "shifts": flat(shifts), "queries": flat(queries), "values": flat(values), "masks": flat(qm),
            "overlap": flat(overlap), "route": [int(r) for r in route], "out": flat(out)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    for path, data in ((OUT, build()), (MEMOIR, build_memoir())):
        text = json.dumps(data, indent=1) + "\n"
        if args.check:
            if not path.is_file() or path.read_text() != text:
                print(f"{path} differs from what make_linalg_fixtures.py makes", file=sys.stderr)
                sys.exit(1)
            print(f"{path.name}: up to date")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
