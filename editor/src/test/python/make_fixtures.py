#!/usr/bin/env python3
"""Independent reference fixtures for the editor's transformer runtime.

Writes tiny random checkpoints in the exact Hugging Face layout (config.json, model.safetensors or
a sharded set with model.safetensors.index.json, tokenizer.json) and the logits that a from-scratch
numpy re-implementation of the HF modelling code (GPT2LMHeadModel, GPTJForCausalLM,
LlamaForCausalLM, Qwen2ForCausalLM) computes for a few id sequences. The Java tests load the folders through the same
code that loads real checkpoints and compare logits within 1e-4.

This is NOT transformers itself (it is not installed here). When `import transformers` works, the
script also runs the HF models on the same weights and checks that they agree with the numpy
reference (then both are trustworthy); on a machine that has transformers and torch, run it again.

Usage: python3 make_fixtures.py [output dir]
(default: ../resources/fixtures next to this script). Needs numpy only. Deterministic (seeded).
"""
import json
import os
import re
import struct
import sys

import numpy as np

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                         "..", "resources", "fixtures")
VOCAB = 260          # 256 byte tokens + 3 merges + <|endoftext|>
MERGES = ["Ġ t", "h e", "Ġt he"]
SEQUENCES = [[3, 17, 200, 259, 42], [100, 7, 7, 256, 1, 99, 12]]
TOKENIZER_SAMPLES = ["the theory", "Hello, the world!", "Riccardo Mazzucchelli", "Zürich ☃"]


# ---------------------------------------------------------------- safetensors (written by hand)
def bf16_round(a):
    """float32 -> bfloat16 (round to nearest even) -> float32, as numpy arrays."""
    bits = a.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return rounded.astype(np.uint32).view(np.float32)


def write_safetensors(path, tensors, dtype="F32"):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name], dtype=np.float32)
        if dtype == "F32":
            raw = a.astype("<f4").tobytes()
        else:  # BF16: the high 16 bits of the rounded float32
            raw = (bf16_round(a).view(np.uint32) >> 16).astype("<u2").tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------- byte-level BPE tokenizer
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHARS = bytes_to_unicode()


def tokenizer_json():
    vocab = {BYTE_CHARS[b]: b for b in range(256)}
    for i, m in enumerate(MERGES):
        vocab[m.replace(" ", "")] = 256 + i
    vocab["<|endoftext|>"] = 259
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {"version": "1.0", "truncation": None, "padding": None,
            "added_tokens": [{"id": 259, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                              "rstrip": False, "normalized": True, "special": True}],
            "normalizer": None, "pre_tokenizer": byte_level, "post_processor": byte_level, "decoder": byte_level,
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                      "vocab": vocab, "merges": MERGES}}


def pretokenize(text):
    """GPT-2's pre-tokenisation pattern; [^\\W\\d_] stands for \\p{L} (enough for the samples here)."""
    return re.findall(r"'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+", text)


def bpe_encode(text):
    vocab = tokenizer_json()["model"]["vocab"]
    ranks = {tuple(m.split(" ")): i for i, m in enumerate(MERGES)}
    ids = []
    for word in pretokenize(text):
        sym = [BYTE_CHARS[b] for b in word.encode("utf-8")]
        while True:
            pairs = [(ranks.get((sym[i], sym[i + 1]), 1 << 30), i) for i in range(len(sym) - 1)]
            if not pairs or min(pairs)[0] == 1 << 30:
                break
            _, i = min(pairs)
            sym = sym[:i] + [sym[i] + sym[i + 1]] + sym[i + 2:]
        ids += [vocab[s] for s in sym]
    return ids


# ---------------------------------------------------------------- numpy reference models (float64)
def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def causal_attention(q, k, v):
    """q (H,T,hd), k and v (H,T,hd) -> (T, H*hd), with the causal mask of HF's eager attention."""
    h, t, hd = q.shape
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
    scores = scores + np.triu(np.full((t, t), -np.inf), 1)
    return (softmax(scores) @ v).transpose(1, 0, 2).reshape(t, h * hd)


def gpt2_logits(w, cfg, ids):
    """GPT2LMHeadModel: Conv1D weights are (in, out), so y = x @ W + b."""
    d, nh, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * w[p + ".weight"] + w[p + ".bias"]

    def gelu_new(x):
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))

    t = len(ids)
    h = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][:t]
    for l in range(cfg["n_layer"]):
        p = f"transformer.h.{l}."
        a = ln(h, p + "ln_1")
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = (qkv[:, i * d:(i + 1) * d].reshape(t, nh, d // nh).transpose(1, 0, 2) for i in range(3))
        h = h + causal_attention(q, k, v) @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        m = ln(h, p + "ln_2")
        h = h + gelu_new(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"]) @ w[p + "mlp.c_proj.weight"] \
            + w[p + "mlp.c_proj.bias"]
    return ln(h, "transformer.ln_f") @ w["transformer.wte.weight"].T


def gptj_logits(w, cfg, ids):
    """GPTJForCausalLM: one LayerNorm per block feeding attention and MLP in parallel; rotary embeddings
    on the first rotary_dim dims of each head in the interleaved (rotate_every_two) convention; nn.Linear
    weights (out, in); untied lm_head with bias."""
    d, nh, eps, rd = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"], cfg["rotary_dim"]
    hd = d // nh
    t = len(ids)

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * w[p + ".weight"] + w[p + ".bias"]

    def gelu_new(x):
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))

    inv_freq = 1.0 / 10000 ** (np.arange(0, rd, 2) / rd)
    sinusoid = np.outer(np.arange(t), inv_freq)                 # (T, rd/2)
    sin, cos = np.repeat(np.sin(sinusoid), 2, -1), np.repeat(np.cos(sinusoid), 2, -1)

    def rotate_every_two(x):
        x1, x2 = x[..., ::2], x[..., 1::2]
        return np.stack((-x2, x1), -1).reshape(x.shape)

    def rope(x):                                                 # x (H, T, hd)
        rot, rest = x[..., :rd], x[..., rd:]
        return np.concatenate([rot * cos + rotate_every_two(rot) * sin, rest], -1)

    h = w["transformer.wte.weight"][ids]
    for l in range(cfg["n_layer"]):
        p = f"transformer.h.{l}."
        a = ln(h, p + "ln_1")
        q, k, v = (a @ w[p + f"attn.{n}_proj.weight"].T for n in "qkv")
        q, k, v = (x.reshape(t, nh, hd).transpose(1, 0, 2) for x in (q, k, v))
        att = causal_attention(rope(q), rope(k), v) @ w[p + "attn.out_proj.weight"].T
        ff = gelu_new(a @ w[p + "mlp.fc_in.weight"].T + w[p + "mlp.fc_in.bias"]) @ w[p + "mlp.fc_out.weight"].T \
            + w[p + "mlp.fc_out.bias"]
        h = h + att + ff
    return ln(h, "transformer.ln_f") @ w["lm_head.weight"].T + w["lm_head.bias"]


def llama_logits(w, cfg, ids):
    """LlamaForCausalLM / Qwen2ForCausalLM: nn.Linear weights are (out, in), so y = x @ W.T (+ b)."""
    d, nh, nkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd, eps, theta = d // nh, cfg["rms_norm_eps"], cfg["rope_theta"]
    t = len(ids)

    def rms(x, p):
        return x / np.sqrt((x ** 2).mean(-1, keepdims=True) + eps) * w[p]

    def lin(x, p, bias):
        return x @ w[p + ".weight"].T + (w[p + ".bias"] if bias else 0)

    inv_freq = 1.0 / theta ** (np.arange(0, hd, 2) / hd)
    freqs = np.outer(np.arange(t), inv_freq)
    emb = np.concatenate([freqs, freqs], -1)
    cos, sin = np.cos(emb), np.sin(emb)

    def rotate_half(x):
        return np.concatenate([-x[..., hd // 2:], x[..., :hd // 2]], -1)

    bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
    h = w["model.embed_tokens.weight"][ids]
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        a = rms(h, p + "input_layernorm.weight")
        q = lin(a, p + "self_attn.q_proj", bias).reshape(t, nh, hd).transpose(1, 0, 2)
        k = lin(a, p + "self_attn.k_proj", bias).reshape(t, nkv, hd).transpose(1, 0, 2)
        v = lin(a, p + "self_attn.v_proj", bias).reshape(t, nkv, hd).transpose(1, 0, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k, v = np.repeat(k, nh // nkv, axis=0), np.repeat(v, nh // nkv, axis=0)   # repeat_kv
        h = h + lin(causal_attention(q, k, v), p + "self_attn.o_proj", bias and cfg["model_type"] != "qwen2")
        m = rms(h, p + "post_attention_layernorm.weight")
        gate = lin(m, p + "mlp.gate_proj", False)
        h = h + lin(gate / (1 + np.exp(-gate)) * lin(m, p + "mlp.up_proj", False), p + "mlp.down_proj", False)
    h = rms(h, "model.norm.weight")
    head = w["model.embed_tokens.weight"] if cfg.get("tie_word_embeddings") else w["lm_head.weight"]
    return h @ head.T


# ---------------------------------------------------------------- random checkpoints
def rand(rng, *shape, scale=0.2):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def gpt2_weights(rng, cfg):
    d, inner, V, P = cfg["n_embd"], cfg["n_inner"], cfg["vocab_size"], cfg["n_positions"]
    w = {"transformer.wte.weight": rand(rng, V, d, scale=0.5), "transformer.wpe.weight": rand(rng, P, d)}
    for l in range(cfg["n_layer"]):
        p = f"transformer.h.{l}."
        w.update({p + "ln_1.weight": 1 + rand(rng, d), p + "ln_1.bias": rand(rng, d),
                  p + "attn.c_attn.weight": rand(rng, d, 3 * d), p + "attn.c_attn.bias": rand(rng, 3 * d),
                  p + "attn.c_proj.weight": rand(rng, d, d), p + "attn.c_proj.bias": rand(rng, d),
                  p + "ln_2.weight": 1 + rand(rng, d), p + "ln_2.bias": rand(rng, d),
                  p + "mlp.c_fc.weight": rand(rng, d, inner), p + "mlp.c_fc.bias": rand(rng, inner),
                  p + "mlp.c_proj.weight": rand(rng, inner, d), p + "mlp.c_proj.bias": rand(rng, d)})
    w["transformer.ln_f.weight"] = 1 + rand(rng, d)
    w["transformer.ln_f.bias"] = rand(rng, d)
    return w


def gptj_weights(rng, cfg):
    d, inner, V = cfg["n_embd"], cfg["n_inner"], cfg["vocab_size"]
    w = {"transformer.wte.weight": rand(rng, V, d, scale=0.5)}
    for l in range(cfg["n_layer"]):
        p = f"transformer.h.{l}."
        w.update({p + "ln_1.weight": 1 + rand(rng, d), p + "ln_1.bias": rand(rng, d),
                  p + "attn.q_proj.weight": rand(rng, d, d, scale=0.4), p + "attn.k_proj.weight": rand(rng, d, d, scale=0.4),
                  p + "attn.v_proj.weight": rand(rng, d, d), p + "attn.out_proj.weight": rand(rng, d, d),
                  p + "mlp.fc_in.weight": rand(rng, inner, d), p + "mlp.fc_in.bias": rand(rng, inner),
                  p + "mlp.fc_out.weight": rand(rng, d, inner), p + "mlp.fc_out.bias": rand(rng, d)})
    w.update({"transformer.ln_f.weight": 1 + rand(rng, d), "transformer.ln_f.bias": rand(rng, d),
              "lm_head.weight": rand(rng, V, d, scale=0.5), "lm_head.bias": rand(rng, V)})
    return w


def llama_weights(rng, cfg):
    d, inner, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    hd = d // cfg["num_attention_heads"]
    q, kv = cfg["num_attention_heads"] * hd, cfg["num_key_value_heads"] * hd
    bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
    w = {"model.embed_tokens.weight": rand(rng, V, d, scale=0.5)}
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        w.update({p + "input_layernorm.weight": 1 + rand(rng, d),
                  p + "self_attn.q_proj.weight": rand(rng, q, d, scale=0.4),
                  p + "self_attn.k_proj.weight": rand(rng, kv, d, scale=0.4),
                  p + "self_attn.v_proj.weight": rand(rng, kv, d),
                  p + "self_attn.o_proj.weight": rand(rng, d, q),
                  p + "post_attention_layernorm.weight": 1 + rand(rng, d),
                  p + "mlp.gate_proj.weight": rand(rng, inner, d), p + "mlp.up_proj.weight": rand(rng, inner, d),
                  p + "mlp.down_proj.weight": rand(rng, d, inner)})
        if bias:
            w.update({p + "self_attn.q_proj.bias": rand(rng, q), p + "self_attn.k_proj.bias": rand(rng, kv),
                      p + "self_attn.v_proj.bias": rand(rng, kv)})
            if cfg["model_type"] != "qwen2":   # Llama's attention_bias also biases o_proj
                w[p + "self_attn.o_proj.bias"] = rand(rng, d)
    w["model.norm.weight"] = 1 + rand(rng, d)
    if not cfg.get("tie_word_embeddings"):
        w["lm_head.weight"] = rand(rng, V, d, scale=0.5)
    return w


def write_model(name, cfg, w, logits_fn, shards=1, dtype="F32"):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    with open(os.path.join(folder, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(), f, ensure_ascii=False)
    for old in os.listdir(folder):
        if old.startswith("model") and (old.endswith(".safetensors") or old.endswith(".json")):
            os.remove(os.path.join(folder, old))
    names = sorted(w)
    if shards == 1:
        write_safetensors(os.path.join(folder, "model.safetensors"), w, dtype)
    else:
        weight_map = {}
        for s in range(shards):
            part = names[s::shards]
            fname = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            write_safetensors(os.path.join(folder, fname), {n: w[n] for n in part}, dtype)
            weight_map.update({n: fname for n in part})
        with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map}, f, indent=1)
    # the reference sees exactly the stored values (bf16-rounded when stored as BF16), in float64
    stored = {n: (bf16_round(a) if dtype == "BF16" else a).astype(np.float64) for n, a in w.items()}
    out = {"sequences": SEQUENCES, "logits": [np.round(logits_fn(stored, cfg, s), 6).tolist() for s in SEQUENCES]}
    with open(os.path.join(folder, "logits.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
    return stored


def check_with_transformers(name, cfg, stored, numpy_fn):
    try:
        import torch
        import transformers
    except ImportError:
        print(f"{name}: transformers not installed; numpy reference only")
        return
    config = transformers.AutoConfig.for_model(**cfg)
    model = transformers.AutoModelForCausalLM.from_config(config).eval().double()
    sd = {k: torch.tensor(v) for k, v in stored.items()}
    model.load_state_dict(sd, strict=False)
    if cfg.get("tie_word_embeddings"):
        model.tie_weights()
    for s in SEQUENCES:
        with torch.no_grad():
            ref = model(torch.tensor([s])).logits[0].numpy()
        diff = np.abs(ref - numpy_fn(stored, cfg, s)).max()
        print(f"{name}: transformers vs numpy max |diff| = {diff:.2e}")
        assert diff < 1e-6, name


def main():
    rng = np.random.default_rng(20260522)
    gpt2_cfg = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": VOCAB, "n_embd": 16,
                "n_layer": 2, "n_head": 4, "n_inner": 48, "n_positions": 16, "n_ctx": 16,
                "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new", "eos_token_id": 259,
                "bos_token_id": 259, "tie_word_embeddings": True, "torch_dtype": "float32"}
    w = gpt2_weights(rng, gpt2_cfg)
    stored = write_model("gpt2-tiny", gpt2_cfg, w, gpt2_logits)
    check_with_transformers("gpt2-tiny", gpt2_cfg, stored, gpt2_logits)
    bf16_cfg = dict(gpt2_cfg, torch_dtype="bfloat16")
    write_model("gpt2-tiny-bf16-sharded", bf16_cfg, w, gpt2_logits, shards=2, dtype="BF16")

    llama_cfg = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": VOCAB,
                 "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "intermediate_size": 40, "max_position_embeddings": 32, "rms_norm_eps": 1e-6,
                 "rope_theta": 500.0, "hidden_act": "silu", "tie_word_embeddings": False, "eos_token_id": 259,
                 "torch_dtype": "float32"}
    stored = write_model("llama-gqa-tiny", llama_cfg, llama_weights(rng, llama_cfg), llama_logits)
    check_with_transformers("llama-gqa-tiny", llama_cfg, stored, llama_logits)

    qwen_cfg = {"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"], "vocab_size": VOCAB,
                "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1,
                "intermediate_size": 24, "max_position_embeddings": 32, "rms_norm_eps": 1e-6,
                "rope_theta": 1000000.0, "hidden_act": "silu", "tie_word_embeddings": True, "eos_token_id": 259,
                "torch_dtype": "float32"}
    stored = write_model("qwen2-tiny", qwen_cfg, llama_weights(rng, qwen_cfg), llama_logits)
    check_with_transformers("qwen2-tiny", qwen_cfg, stored, llama_logits)

    gptj_cfg = {"model_type": "gptj", "architectures": ["GPTJForCausalLM"], "vocab_size": VOCAB, "n_embd": 16,
                "n_layer": 2, "n_head": 2, "n_inner": 32, "rotary_dim": 4, "n_positions": 32,
                "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new", "tie_word_embeddings": False,
                "eos_token_id": 259, "bos_token_id": 259, "torch_dtype": "float32"}
    stored = write_model("gptj-tiny", gptj_cfg, gptj_weights(rng, gptj_cfg), gptj_logits)
    check_with_transformers("gptj-tiny", gptj_cfg, stored, gptj_logits)

    mistral_cfg = dict(llama_cfg, model_type="mistral", architectures=["MistralForCausalLM"], attention_bias=True,
                       num_key_value_heads=1, rope_theta=10000.0, sliding_window=4096)
    stored = write_model("mistral-bias-tiny", mistral_cfg, llama_weights(rng, mistral_cfg), llama_logits)
    check_with_transformers("mistral-bias-tiny", mistral_cfg, stored, llama_logits)

    with open(os.path.join(OUT, "tokenizer-samples.json"), "w") as f:
        json.dump([{"text": t, "ids": bpe_encode(t)} for t in TOKENIZER_SAMPLES], f, ensure_ascii=False, indent=1)
    print("fixtures written to", os.path.abspath(OUT))


if __name__ == "__main__":
    main()
