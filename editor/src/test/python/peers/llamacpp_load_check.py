#!/usr/bin/env python3
"""Load any GGUF with llama.cpp (llama-cpp-python), greedily complete "The capital of France is"
for 8 tokens and print the text. Exit code 0 on success, non-zero on any failure.

usage: llamacpp_load_check.py PATH [N_THREADS]
BOS is added when the model's metadata asks for it (tokenizer.ggml.add_bos_token, e.g. Gemma),
not otherwise (e.g. SmolLM2).
"""
import sys

PROMPT = "The capital of France is"
NEW_TOKENS = 8


def main():
    if len(sys.argv) < 2:
        print("usage: llamacpp_load_check.py PATH [N_THREADS]", file=sys.stderr)
        return 2
    path = sys.argv[1]
    n_threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    try:
        from llama_cpp import Llama
        llm = Llama(model_path=path, n_ctx=512, n_threads=n_threads, verbose=False, seed=0,
                    logits_all=False)
        meta = llm.metadata
        add_bos = meta.get("tokenizer.ggml.add_bos_token", "false").lower() == "true"
        prompt_ids = llm.tokenize(PROMPT.encode("utf-8"), add_bos=add_bos, special=False)
        ids = []
        eos = llm.token_eos()
        for tok in llm.generate(prompt_ids, top_k=1, top_p=1.0, min_p=0.0, temp=0.0,
                                repeat_penalty=1.0, reset=True):
            if tok == eos:
                break
            ids.append(int(tok))
            if len(ids) >= NEW_TOKENS:
                break
        if not ids:
            raise RuntimeError("no tokens generated")
        text = llm.detokenize(ids, prev_tokens=prompt_ids).decode("utf-8", errors="replace")
        print(f"model: {path}")
        print(f"arch: {meta.get('general.architecture')}  add_bos: {add_bos}  "
              f"prompt_ids: {prompt_ids}  new_ids: {ids}")
        print(f"text: {PROMPT}{text}")
        return 0
    except Exception as e:  # noqa: BLE001
        print(f"FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
