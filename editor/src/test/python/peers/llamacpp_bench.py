#!/usr/bin/env python3
"""Peer benchmark: llama.cpp (through llama-cpp-python), greedy decoding of exactly 64 new tokens.

usage: llamacpp_bench.py [N_THREADS] [MODEL_PATH]
Prints one JSON line: load_s, prompt_tokens, new_tokens, gen_s, tokens_per_s, text, ids.
gen_s spans prompt evaluation plus the 64 sampled tokens (the 64th token is sampled,
not evaluated); tokens_per_s = new_tokens / gen_s. EOS is not a stop: decoding continues.
"""
import json
import sys
import time

from llama_cpp import Llama

MODEL = "/root/.cache/concord/test-models/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
PROMPT = "The capital of France is"
NEW_TOKENS = 64


def main():
    n_threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    model_path = sys.argv[2] if len(sys.argv) > 2 else MODEL

    t0 = time.perf_counter()
    llm = Llama(model_path=model_path, n_ctx=512, n_threads=n_threads, verbose=False,
                seed=0, logits_all=False)
    load_s = time.perf_counter() - t0

    prompt_ids = llm.tokenize(PROMPT.encode("utf-8"), add_bos=False, special=False)

    ids = []
    t1 = time.perf_counter()
    for tok in llm.generate(prompt_ids, top_k=1, top_p=1.0, min_p=0.0, temp=0.0,
                            repeat_penalty=1.0, frequency_penalty=0.0, presence_penalty=0.0,
                            reset=True):
        ids.append(int(tok))
        if len(ids) >= NEW_TOKENS:
            break
    gen_s = time.perf_counter() - t1

    text = llm.detokenize(ids, prev_tokens=prompt_ids).decode("utf-8", errors="replace")
    print(json.dumps({
        "load_s": round(load_s, 4),
        "prompt_tokens": len(prompt_ids),
        "new_tokens": len(ids),
        "gen_s": round(gen_s, 4),
        "tokens_per_s": round(len(ids) / gen_s, 2),
        "text": text,
        "ids": ids,
    }))


if __name__ == "__main__":
    main()
