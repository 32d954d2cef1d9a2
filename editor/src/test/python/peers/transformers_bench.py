#!/usr/bin/env python3
"""CPU benchmark peer: HF transformers + torch loading a GGUF (dequantized to fp32).

Usage: transformers_bench.py MODEL_GGUF [THREADS=2]
Prints one JSON line per timed greedy run (prompt + 64 new tokens, KV cache on),
one line for a use_cache=False run, and the process peak RSS at the end.
"""
import json
import os
import resource
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

PROMPT = "The capital of France is"
EXPECTED_PROMPT_IDS = [504, 3575, 282, 4649, 314]
N_NEW = 64


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: transformers_bench.py MODEL_GGUF [THREADS=2]")
    path = os.path.abspath(sys.argv[1])
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    torch.set_num_threads(threads)
    d, name = os.path.split(path)

    t0 = time.perf_counter()
    tok = AutoTokenizer.from_pretrained(d, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=name, torch_dtype=torch.float32)
    model.eval()
    load_s = time.perf_counter() - t0

    prompt_ids = tok(PROMPT, add_special_tokens=False)["input_ids"]
    if prompt_ids != EXPECTED_PROMPT_IDS:
        print(json.dumps({"warning": "prompt ids mismatch", "got": prompt_ids,
                          "expected": EXPECTED_PROMPT_IDS}), flush=True)
    ids = torch.tensor([prompt_ids], dtype=torch.long)
    attn = torch.ones_like(ids)
    n_prompt = ids.shape[1]
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id

    def gen(n, use_cache):
        t = time.perf_counter()
        out = model.generate(ids, attention_mask=attn, max_new_tokens=n, min_new_tokens=n,
                             do_sample=False, use_cache=use_cache, pad_token_id=pad)
        return time.perf_counter() - t, out[0, n_prompt:].tolist()

    with torch.inference_mode():
        gen(4, True)  # warm-up
        for _ in range(3):
            gen_s, new = gen(N_NEW, True)
            print(json.dumps({"load_s": round(load_s, 3), "new_tokens": len(new),
                              "gen_s": round(gen_s, 3),
                              "tokens_per_s": round(len(new) / gen_s, 2),
                              "ids": new[:10]}), flush=True)
        gen_s, new = gen(N_NEW, False)
        print(json.dumps({"no_cache_tokens_per_s": round(len(new) / gen_s, 2),
                          "new_tokens": len(new), "gen_s": round(gen_s, 3),
                          "ids": new[:10]}), flush=True)

    # ru_maxrss is KiB on Linux
    print(json.dumps({"peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}),
          flush=True)


if __name__ == "__main__":
    main()
