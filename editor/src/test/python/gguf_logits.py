#!/usr/bin/env python3
"""Logits of a llama-architecture GGUF file on token ids, computed independently of the Java runtime:
gguf-py reads and dequantizes the tensors, the q/k rows are unpermuted in numpy, and make_fixtures.py's
numpy re-implementation of HF LlamaForCausalLM runs the forward pass. The Java tests use it to check that
a GGUF the project exported (with edits applied) means, to llama.cpp's own reader, the model they edited.

Usage: python3 gguf_logits.py FILE.gguf 3,17,200   -> JSON array (positions) of arrays (vocabulary)
"""
import json
import sys

from make_fixtures import llama_logits
from make_gguf_fixtures import field_value, hf_from_gguf, read_tensors


def main():
    path, ids = sys.argv[1], [int(x) for x in sys.argv[2].split(",")]
    r, tensors = read_tensors(path)
    arch = field_value(r, "general.architecture")
    if arch not in ("llama", "qwen2"):
        sys.exit(f"expected a llama or qwen2 GGUF, found {arch}")
    cfg = {"model_type": arch,
           "num_hidden_layers": int(field_value(r, f"{arch}.block_count")),
           "hidden_size": int(field_value(r, f"{arch}.embedding_length")),
           "intermediate_size": int(field_value(r, f"{arch}.feed_forward_length")),
           "num_attention_heads": int(field_value(r, f"{arch}.attention.head_count")),
           "num_key_value_heads": int(field_value(r, f"{arch}.attention.head_count_kv")),
           "rope_theta": float(field_value(r, f"{arch}.rope.freq_base")),
           "rms_norm_eps": float(field_value(r, f"{arch}.attention.layer_norm_rms_epsilon")),
           "tie_word_embeddings": "output.weight" not in tensors,
           "attention_bias": "blk.0.attn_q.bias" in tensors}
    w = hf_from_gguf(tensors, cfg, permuted=arch == "llama")
    logits = llama_logits(w, cfg, ids)
    json.dump([[float(x) for x in row] for row in logits], sys.stdout)


if __name__ == "__main__":
    main()
