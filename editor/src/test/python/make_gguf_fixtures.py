#!/usr/bin/env python3
"""Independent reference fixtures for the editor's GGUF reader, dequantizers, tokenizer and runtime.

Everything here comes from gguf-py (llama.cpp's own Python package: GGUFWriter, GGUFReader and
gguf.quants), numpy, Hugging Face `tokenizers` and `transformers`, and a Python transcription of llama.cpp's
SentencePiece tokenizer; nothing is computed by the Java code under test.

Written into ../resources/fixtures/gguf/ (next to this script):

  types.gguf, aligned64.gguf, types-expected.json
      one 2-D tensor per type (F32 F16 BF16 Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 from gguf.quants.quantize of seeded
      normal data; Q4_K Q5_K Q6_K from seeded random bytes with sane f16 super-block scales), metadata of
      every GGUF value type (nested arrays included), and an aligned64.gguf with general.alignment = 64.
      Expected values = gguf.quants.dequantize of the bytes read back with GGUFReader.
      "shape" is [rows, cols] (numpy order); the GGUF dims (ne) are [cols, rows].
  llama-tiny.{f32,f16,q8_0}.gguf, qwen2-tiny.f32.gguf, llama-tiny-logits.json
      tiny random Llama / Qwen2 models written the way llama.cpp's convert_hf_to_gguf.py does
      (Llama q/k rows permuted; Qwen2 not permuted, tied embeddings, q/k/v biases), the 260-token
      byte-level BPE vocabulary of make_fixtures.py as GGUF 'gpt2' tokenizer metadata. The logits come
      from make_fixtures.llama_logits (float64) on the weights READ BACK from each file with
      GGUFReader + gguf.quants.dequantize and un-permuted in numpy, so the quantization error is part
      of the reference.

With --smollm2 PATH (SmolLM2-135M-Instruct GGUF, llama arch, gpt2 tokenizer, pre 'smollm'):
  smollm2-tokenizer.json   [{"text", "ids", "transformers_agrees"}]: ids from a tokenizers.Tokenizer
      built from the GGUF metadata (BPE vocab + merges, token_type 3 as special added tokens,
      pre-tokenizer Sequence[Digits(individual_digits=True), ByteLevel(add_prefix_space=False)],
      ByteLevel decoder), no post-processing; transformers_agrees = transformers' own GGUF tokenizer
      (run in a separate interpreter, see --transformers-python) gives the same ids.
  smollm2-logits.json      numpy forward (make_fixtures.llama_logits) of the real dequantized weights.
With --gemma3 PATH (Gemma 3 270M GGUF, tokenizer.ggml.model 'llama': SentencePiece BPE with scores):
  gemma3-tokenizer.json    [{"text", "ids", "spm_agrees", "llama_cpp_agrees"}] for the same 340 strings as
      smollm2-tokenizer.json. ids = transformers' GGUF tokenizer for the file (GemmaTokenizer, run in the
      --transformers-python interpreter), encode(text, add_special_tokens=True): BOS 2 first, nothing at the
      end (checked against add_special_tokens=False). transformers does NOT run llama.cpp's algorithm: it
      builds BPE merges from every two-way split of every token, ranked by the token's position in the file,
      respells the user-defined whitespace tokens ("  ", "   ", ...) as U+2581 runs that take part in those
      merges, and matches the other control / user-defined tokens as added tokens (leftmost-longest). The
      editor follows llama.cpp's SPM: partition out control and user-defined tokens (types 3, 4) whole,
      ' ' -> U+2581 with no prefix space, repeatedly merge the adjacent pair whose joined text is a token
      with the highest score (leftmost on ties), characters not in the vocabulary -> <0xNN> byte tokens.
      spm_agrees = LlamaCppSpm (a Python transcription of that llama.cpp code, below) gives the same ids:
      340/340 with transformers 5.25.0. For Gemma 3's normal tokens the score falls strictly with the
      index, so the two merge orders coincide; they part only on input outside this list: runs of more
      than 31 spaces (llama.cpp: the 31-space token, then the rest; transformers: e.g. 16+16 for 32) and
      a literal U+2581 in the text (transformers' "▁▁" whitespace tokens match it, llama.cpp's
      "  " tokens do not). llama_cpp_agrees is null: llama.cpp itself was not run (no binding installed).
  gemma3-ktensors.json     sums and first/last 512 values of three dequantized tensors (Q4_K, Q6_K, Q5_0)
  gemma3-logits.json       numpy forward of Gemma 3 as transformers' modeling_gemma3.py defines it.

Usage:  python3 make_gguf_fixtures.py [--smollm2 PATH.gguf] [--gemma3 PATH.gguf] [--check]
  --check regenerates into a temporary folder and exits 1 if any committed fixture that it could
  regenerate differs byte for byte (parts whose model file is not given are skipped and listed).
Deterministic (seeded); pinned versions in requirements.txt.
"""
import argparse
import os

# single-threaded BLAS: the float64 logits then do not depend on the thread count
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import numpy as np  # noqa: E402
import gguf  # noqa: E402
from gguf import GGMLQuantizationType as QT, GGUFReader, GGUFValueType as VT, GGUFWriter  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_fixtures as mf  # noqa: E402

DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "gguf"))
DEFAULT_TF_PYTHON = "/work/venv-ref/bin/python"


# ---------------------------------------------------------------- helpers
def f32(x):
    """A Python float holding exactly the float32 nearest to x."""
    return float(np.float32(x))


def f32_list(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def to_json(o, ind=0):
    """Pretty but compact: objects and lists of containers one item a line, lists of scalars on one line."""
    sp = " " * ind
    if isinstance(o, dict):
        if not o:
            return "{}"
        flat = all(not isinstance(v, (dict, list, tuple)) or
                   (isinstance(v, (list, tuple)) and all(not isinstance(x, (dict, list, tuple)) for x in v))
                   for v in o.values())
        one = json.dumps(o, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)
        if flat and len(one) <= 100:
            return one
        items = [f"{sp} {json.dumps(k, ensure_ascii=False)}: {to_json(v, ind + 1)}" for k, v in o.items()]
        return "{\n" + ",\n".join(items) + "\n" + sp + "}"
    if isinstance(o, (list, tuple)):
        if all(not isinstance(x, (dict, list, tuple)) for x in o):
            return json.dumps(list(o), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return "[\n" + ",\n".join(sp + " " + to_json(x, ind + 1) for x in o) + "\n" + sp + "]"
    return json.dumps(o, ensure_ascii=False, allow_nan=False)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(to_json(obj) + "\n")


def write_gguf(path, arch, kvs, tensors, alignment=None):
    """kvs: [(key, GGUFValueType, value, sub_type)]; tensors: [(name, ndarray, raw_dtype or None)]."""
    w = GGUFWriter(path, arch)
    if alignment is not None:
        w.add_custom_alignment(alignment)
    for key, vtype, val, sub in kvs:
        w.add_key_value(key, val, vtype, sub_type=sub)
    for name, arr, raw in tensors:
        w.add_tensor(name, arr, raw_dtype=raw)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def read_tensors(path):
    """name -> (GGML type name, [rows, cols] or [n], float32 array in numpy order) via GGUFReader + dequantize."""
    r = GGUFReader(path)
    out = {}
    for t in r.tensors:
        a = gguf.quants.dequantize(np.asarray(t.data), t.tensor_type).astype(np.float32, copy=False)
        shape = [int(n) for n in reversed(t.shape.tolist())]
        assert list(a.shape) == shape, (t.name, a.shape, shape)
        out[t.name] = (t.tensor_type.name, shape, a)
    return r, out


def field_value(r, key):
    f = r.fields[key]
    return f.contents()


# ---------------------------------------------------------------- 1. types.gguf / aligned64.gguf
K_TYPES = {  # type: (offsets of the f16 scale fields inside a block)
    QT.Q4_K: (0, 2),    # d, dmin, scales[12], qs[128]
    QT.Q5_K: (0, 2),    # d, dmin, scales[12], qh[32], qs[128]
    QT.Q6_K: (208,),    # ql[128], qh[64], scales[16] (int8), d
}


def random_k_blocks(rng, qtype, rows, cols):
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(rows * cols // block, size), dtype=np.uint8)
    for off in K_TYPES[qtype]:
        halves = rng.uniform(0.01, 0.1, size=raw.shape[0]).astype(np.float16)
        raw[:, off:off + 2] = halves.view(np.uint8).reshape(-1, 2)
    return raw.reshape(rows, cols // block * size)


def metadata_entries():
    """(key, type, value, sub_type, expected json) in file order."""
    e = []

    def scalar(key, vt, val, shown=None):
        e.append((key, vt, val, None, {"type": vt.name, "value": val if shown is None else shown}))

    scalar("test.u8", VT.UINT8, 250)
    scalar("test.i8", VT.INT8, -128)
    scalar("test.u16", VT.UINT16, 65535)
    scalar("test.i16", VT.INT16, -32768)
    scalar("test.u32", VT.UINT32, 4000000000)
    scalar("test.i32", VT.INT32, -2147483648)
    scalar("test.u64", VT.UINT64, 18000000000000000000)       # > Long.MAX_VALUE: read as unsigned
    scalar("test.i64", VT.INT64, -9000000000000000000)
    scalar("test.f32", VT.FLOAT32, f32(-1.2345678e-7))
    scalar("test.f64", VT.FLOAT64, 1.2345678901234567e+300)
    scalar("test.bool", VT.BOOL, True)
    scalar("test.bool_false", VT.BOOL, False)
    scalar("test.string", VT.STRING, "Zürich ☃ 東京 🚀 \"quoted\"\ttab\nnew line")

    def array(key, sub, vals):
        e.append((key, VT.ARRAY, vals, sub, {"type": "ARRAY", "element_type": sub.name, "value": vals}))

    array("test.array.i32", VT.INT32, [-2147483648, 0, 2147483647, 42])
    array("test.array.u8", VT.UINT8, [0, 1, 255])
    array("test.array.f32", VT.FLOAT32, [f32(0.1), f32(-2.5), f32(3.4028234663852886e+38)])
    array("test.array.bool", VT.BOOL, [True, False, True])
    array("test.array.string", VT.STRING, ["a", "ü", "", "東京", "two words"])
    # array of arrays: GGUFWriter writes each inner array as (element type, count, items)
    nested = [[1, 2, 3], [-4, 5], [6]]
    e.append(("test.array.nested", VT.ARRAY, nested, VT.ARRAY,
              {"type": "ARRAY", "element_type": "ARRAY", "inner_element_type": "INT32", "value": nested}))
    nested_s = [["x", "yy"], ["ζ"]]
    e.append(("test.array.nested_string", VT.ARRAY, nested_s, VT.ARRAY,
              {"type": "ARRAY", "element_type": "ARRAY", "inner_element_type": "STRING", "value": nested_s}))
    return e


def check_metadata_roundtrip(r, expected):
    """GGUFReader flattens nested arrays; compare what it can express."""
    for key, exp in expected.items():
        f = r.fields[key]
        assert f.types[0].name == exp["type"], key
        if exp["type"] != "ARRAY":
            got = f.contents()
            assert got == exp["value"], (key, got, exp["value"])
        elif exp["element_type"] != "ARRAY":
            assert f.contents() == exp["value"], key
        else:
            flat = [x for inner in exp["value"] for x in inner]
            if exp["inner_element_type"] == "STRING":
                got = [bytes(f.parts[i]).decode("utf-8") for i in f.data]
            else:
                got = [int(f.parts[i][0]) for i in f.data]
            assert got == flat, (key, got, flat)


def make_types(out):
    rng = np.random.default_rng(20260601)
    entries = metadata_entries()
    tensors = []
    for name, qt in [("f32", QT.F32), ("f16", QT.F16), ("bf16", QT.BF16), ("q4_0", QT.Q4_0), ("q4_1", QT.Q4_1),
                     ("q5_0", QT.Q5_0), ("q5_1", QT.Q5_1), ("q8_0", QT.Q8_0)]:
        data = rng.standard_normal((3, 64)).astype(np.float32)
        data[0, :32] *= 10          # blocks of different magnitude
        data[1, 32:] *= 0.01
        q = gguf.quants.quantize(data, qt)
        tensors.append((name, q, qt if q.dtype == np.uint8 else None))
    for name, qt in [("q4_k", QT.Q4_K), ("q5_k", QT.Q5_K), ("q6_k", QT.Q6_K)]:
        tensors.append((name, random_k_blocks(rng, qt, 2, 256), qt))

    path = os.path.join(out, "types.gguf")
    write_gguf(path, "test", [(k, t, v, s) for k, t, v, s, _ in entries], tensors)
    meta = {"general.architecture": {"type": "STRING", "value": "test"}}
    meta.update({k: j for k, _, _, _, j in entries})
    r, back = read_tensors(path)
    check_metadata_roundtrip(r, meta)
    result = {"metadata": meta, "tensors": {}}
    for name, _, _ in tensors:
        tname, shape, a = back[name]
        assert np.all(np.isfinite(a)), name
        result["tensors"][name] = {"type": tname, "shape": shape, "values": f32_list(a)}

    # aligned64.gguf: sizes that are not multiples of 64, so the padding matters
    a_f32 = rng.standard_normal((3, 7)).astype(np.float32)
    a_q8 = gguf.quants.quantize(rng.standard_normal((2, 64)).astype(np.float32), QT.Q8_0)
    path = os.path.join(out, "aligned64.gguf")
    write_gguf(path, "test", [("test.note", VT.STRING, "tensor data aligned to 64 bytes", None)],
               [("f32", a_f32, None), ("q8_0", a_q8, QT.Q8_0)], alignment=64)
    r, back = read_tensors(path)
    assert r.alignment == 64 and all(t.data_offset % 64 == 0 for t in r.tensors)
    ameta = {"general.architecture": {"type": "STRING", "value": "test"},
             "general.alignment": {"type": "UINT32", "value": 64},
             "test.note": {"type": "STRING", "value": "tensor data aligned to 64 bytes"}}
    check_metadata_roundtrip(r, ameta)
    result["aligned64"] = {"metadata": ameta, "tensors": {
        n: {"type": back[n][0], "shape": back[n][1], "values": f32_list(back[n][2])} for n in ("f32", "q8_0")}}
    write_json(os.path.join(out, "types-expected.json"), result)
    return ["types.gguf", "aligned64.gguf", "types-expected.json"]


# ---------------------------------------------------------------- 2. tiny Llama / Qwen2 GGUFs
def permute(w, n_head):
    """convert_hf_to_gguf.py LlamaModel.permute: HF rotate_half row order -> GGML interleaved pairs."""
    rows = w.shape[0]
    return w.reshape(n_head, 2, rows // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def unpermute(w, n_head):
    rows = w.shape[0]
    return w.reshape(n_head, rows // n_head // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


LAYER_MAP = [("attn_norm", "input_layernorm"), ("ffn_norm", "post_attention_layernorm"),
             ("attn_q", "self_attn.q_proj"), ("attn_k", "self_attn.k_proj"), ("attn_v", "self_attn.v_proj"),
             ("attn_output", "self_attn.o_proj"), ("ffn_gate", "mlp.gate_proj"), ("ffn_up", "mlp.up_proj"),
             ("ffn_down", "mlp.down_proj")]


def hf_to_gguf_names(cfg):
    m = {"model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
         "lm_head.weight": "output.weight"}
    for l in range(cfg["num_hidden_layers"]):
        for g, h in LAYER_MAP:
            suffixes = ["weight"] if "norm" in g else ["weight", "bias"]
            for s in suffixes:
                m[f"model.layers.{l}.{h}.{s}"] = f"blk.{l}.{g}.{s}"
    return m


def hf_from_gguf(tensors, cfg, permuted):
    """GGUF tensors (dequantized, numpy order) -> HF-layout float64 state dict."""
    names = {g: h for h, g in hf_to_gguf_names(cfg).items()}
    w = {}
    for gname, (_, _, a) in tensors.items():
        h = names[gname]
        a = a.astype(np.float64)
        if permuted and h.endswith("self_attn.q_proj.weight"):
            a = unpermute(a, cfg["num_attention_heads"])
        elif permuted and h.endswith("self_attn.k_proj.weight"):
            a = unpermute(a, cfg["num_key_value_heads"])
        w[h] = a
    return w


def tiny_tokenizer_kvs(pre):
    tj = mf.tokenizer_json()
    vocab = tj["model"]["vocab"]
    tokens = [None] * len(vocab)
    for t, i in vocab.items():
        tokens[i] = t
    types = [3 if t == "<|endoftext|>" else 1 for t in tokens]
    return [("tokenizer.ggml.model", VT.STRING, "gpt2", None), ("tokenizer.ggml.pre", VT.STRING, pre, None),
            ("tokenizer.ggml.tokens", VT.ARRAY, tokens, VT.STRING),
            ("tokenizer.ggml.token_type", VT.ARRAY, types, VT.INT32),
            ("tokenizer.ggml.merges", VT.ARRAY, list(mf.MERGES), VT.STRING),
            ("tokenizer.ggml.bos_token_id", VT.UINT32, 259, None),
            ("tokenizer.ggml.eos_token_id", VT.UINT32, 259, None),
            ("tokenizer.ggml.add_bos_token", VT.BOOL, False, None)]


FILE_TYPES = {"f32": (None, 0), "f16": (QT.F16, 1), "q8_0": (QT.Q8_0, 7)}   # llama_ftype ALL_F32, MOSTLY_F16, MOSTLY_Q8_0


def write_tiny(path, cfg, w, kind, permuted):
    arch = cfg["model_type"]
    d, nh, nkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    qt, ftype = FILE_TYPES[kind]
    kvs = [("general.type", VT.STRING, "model", None),
           ("general.name", VT.STRING, f"{arch}-tiny", None),
           (f"{arch}.block_count", VT.UINT32, cfg["num_hidden_layers"], None),
           (f"{arch}.context_length", VT.UINT32, cfg["max_position_embeddings"], None),
           (f"{arch}.embedding_length", VT.UINT32, d, None),
           (f"{arch}.feed_forward_length", VT.UINT32, cfg["intermediate_size"], None),
           (f"{arch}.attention.head_count", VT.UINT32, nh, None),
           (f"{arch}.attention.head_count_kv", VT.UINT32, nkv, None),
           (f"{arch}.rope.freq_base", VT.FLOAT32, cfg["rope_theta"], None),
           (f"{arch}.attention.layer_norm_rms_epsilon", VT.FLOAT32, cfg["rms_norm_eps"], None),
           ("general.file_type", VT.UINT32, ftype, None)]
    kvs += [(f"{arch}.vocab_size", VT.UINT32, cfg["vocab_size"], None)]
    if arch == "llama":
        kvs += [(f"{arch}.rope.dimension_count", VT.UINT32, d // nh, None)]
    kvs += tiny_tokenizer_kvs("default")
    kvs += [("general.quantization_version", VT.UINT32, 2, None)]
    names = hf_to_gguf_names(cfg)
    order = ["model.embed_tokens.weight"]
    for l in range(cfg["num_hidden_layers"]):
        order += sorted(n for n in w if n.startswith(f"model.layers.{l}."))
    order += ["model.norm.weight"] + (["lm_head.weight"] if "lm_head.weight" in w else [])
    tensors = []
    for h in order:
        a = w[h].astype(np.float32)
        if permuted and h.endswith("self_attn.q_proj.weight"):
            a = permute(a, nh)
        elif permuted and h.endswith("self_attn.k_proj.weight"):
            a = permute(a, nkv)
        if a.ndim == 2 and qt is not None:     # norms and biases stay F32, as in the converter
            q = gguf.quants.quantize(a, qt)
            tensors.append((names[h], q, qt if q.dtype == np.uint8 else None))
        else:
            tensors.append((names[h], a, None))
    write_gguf(path, arch, kvs, tensors)


def make_tiny(out):
    rng = np.random.default_rng(20260602)
    llama_cfg = {"model_type": "llama", "vocab_size": mf.VOCAB, "hidden_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 128,
                 "max_position_embeddings": 64, "rms_norm_eps": f32(1e-6), "rope_theta": 500.0,
                 "tie_word_embeddings": False}
    qwen_cfg = {"model_type": "qwen2", "vocab_size": mf.VOCAB, "hidden_size": 64, "num_hidden_layers": 2,
                "num_attention_heads": 4, "num_key_value_heads": 1, "intermediate_size": 96,
                "max_position_embeddings": 64, "rms_norm_eps": f32(1e-6), "rope_theta": 1000000.0,
                "tie_word_embeddings": True}
    lw = mf.llama_weights(rng, llama_cfg)
    qw = mf.llama_weights(rng, qwen_cfg)
    jobs = [(f"llama-tiny.{k}.gguf", llama_cfg, lw, k, True) for k in ("f32", "f16", "q8_0")]
    jobs.append(("qwen2-tiny.f32.gguf", qwen_cfg, qw, "f32", False))
    logits, written = {}, []
    for fname, cfg, w, kind, permuted in jobs:
        path = os.path.join(out, fname)
        write_tiny(path, cfg, w, kind, permuted)
        _, back = read_tensors(path)
        stored = hf_from_gguf(back, cfg, permuted)
        if kind == "f32":   # exact round trip, permutation undone
            assert all(np.array_equal(stored[n], w[n].astype(np.float64)) for n in w), fname
        else:
            err = max(np.abs(stored[n] - w[n]).max() for n in w)
            print(f"  {fname}: max |dequantized - original| = {err:.3g}")
        logits[fname] = [{"ids": s, "logits": [f32_list(row) for row in mf.llama_logits(stored, cfg, s)]}
                         for s in mf.SEQUENCES]
        written.append(fname)
    write_json(os.path.join(out, "llama-tiny-logits.json"), logits)
    return written + ["llama-tiny-logits.json"]


# ---------------------------------------------------------------- transformers (separate interpreter)
TORCH_STUB = '''# stub: transformers 5.x integrations/gguf import torch at module level; the tokenizer path needs names only
class _Dummy:
    def __init__(self, *a, **k): pass
    def __call__(self, *a, **k): raise RuntimeError("torch stub called")
    def __getattr__(self, n): return _Dummy()
    def __class_getitem__(cls, item): return cls
def __getattr__(name):
    if name.startswith("__"): raise AttributeError(name)
    return _Dummy
'''

TF_SCRIPT = r'''
import json, os, sys
import transformers, transformers.modeling_gguf_pytorch_utils as m
m.is_torch_available = lambda: True          # the GGUF tokenizer path does not need torch
from transformers import AutoTokenizer
path, texts_file, mode, out_file = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
tok = AutoTokenizer.from_pretrained(os.path.dirname(os.path.abspath(path)), gguf_file=os.path.basename(path))
texts = json.load(open(texts_file, encoding="utf-8"))
if mode == "both":   # [with special tokens, without]
    ids = [[tok.encode(t, add_special_tokens=True), tok.encode(t, add_special_tokens=False)] for t in texts]
else:
    ids = [tok.encode(t, add_special_tokens=mode == "1") for t in texts]
json.dump({"transformers": transformers.__version__, "class": type(tok).__name__, "ids": ids}, open(out_file, "w"))
'''


def transformers_encode(tf_python, gguf_path, texts, add_special):
    """ids from transformers' GGUF tokenizer, or None when that interpreter is not usable.
    add_special: True, False, or "both" (then a [with, without] pair of id lists per text)."""
    if not tf_python or not os.path.exists(tf_python):
        print(f"  transformers interpreter {tf_python!r} not found")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "stub", "torch"))
        with open(os.path.join(tmp, "stub", "torch", "__init__.py"), "w") as f:
            f.write(TORCH_STUB)
        with open(os.path.join(tmp, "texts.json"), "w", encoding="utf-8") as f:
            json.dump(texts, f, ensure_ascii=False)
        with open(os.path.join(tmp, "tf.py"), "w") as f:
            f.write(TF_SCRIPT)
        env = dict(os.environ, PYTHONPATH=os.path.join(tmp, "stub"))
        res = subprocess.run([tf_python, os.path.join(tmp, "tf.py"), gguf_path, os.path.join(tmp, "texts.json"),
                              "both" if add_special == "both" else "1" if add_special else "0",
                              os.path.join(tmp, "out.json")],
                             env=env, capture_output=True, text=True)
        if res.returncode != 0:
            print("  transformers failed:\n" + res.stderr[-3000:])
            return None
        with open(os.path.join(tmp, "out.json")) as f:
            o = json.load(f)
    print(f"  transformers {o['transformers']} tokenizer class {o['class']}")
    return o["ids"]


# ---------------------------------------------------------------- 3. SmolLM2 tokenizer strings
def tokenizer_samples():
    """(kind, text) pairs, deterministic."""
    s = []

    def add(kind, *texts):
        s.extend((kind, t) for t in texts)

    add("english", "The capital of France is", "Hello, world!", "the theory", "Hello, the world!",
        "Once upon a time, there was a little girl who loved to read books.",
        "The quick brown fox jumps over the lazy dog.", "I can't believe it's not butter!",
        "Where was Barack Obama born?", "SmolLM2 is a family of compact language models.",
        "She sells seashells by the seashore.", "To be, or not to be: that is the question.",
        "A journey of a thousand miles begins with a single step.",
        "Machine learning models are trained on large datasets.", "What's the weather like today?",
        "Please summarize the following paragraph in two sentences.",
        "They're going to the park, aren't they?", "HELLO WORLD", "hello world", "Hello World",
        "camelCaseIdentifier and snake_case_identifier", "e.g. i.e. etc. Mr. Mrs. Dr.",
        "antidisestablishmentarianism", "supercalifragilisticexpialidocious",
        "The year was 1984, and the clocks were striking thirteen.",
        "In 2024, 12345 people attended the conference.", "Paris", " Paris", "France", "Lily",
        "The end.", "Questions? Comments? Concerns?", "yes/no", "input/output", "A-B-C", "well-known",
        "Ünïcödé wörds", "naïve café résumé", "coöperate façade jalapeño")
    add("contractions", "don't", "I'm", "we'll", "they've", "she'd", "it's", "DON'T", "I'M HERE",
        "'s", "'tis", "O'Neil's", "rock 'n' roll", "y'all'd've")
    add("names", "Riccardo Mazzucchelli", "José Álvarez", "Zoë Saldaña", "Björn Ångström", "Antonín Dvořák",
        "Łódź", "Nguyễn Thị Minh Khai", "François Mitterrand", "Søren Kierkegaard", "Zürich",
        "Zürich ☃", "Ærøskøbing", "İstanbul", "Dvořák's Symphony No. 9", "Müller-Lüdenscheidt")
    add("cjk", "東京", "東京は日本の首都です。", "我爱北京天安门", "中文和English混合", "한국어 텍스트",
        "カタカナとひらがな", "Zürich ☃ 東京", "漢字", "今日は良い天気ですね", "你好，世界！")
    add("other_scripts", "Привет, мир!", "Γειά σου Κόσμε", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया",
        "สวัสดีชาวโลก", "Xin chào thế giới", "Ελληνικά και English")
    add("emoji", "I ❤️ NY", "😀😃😄", "👨‍👩‍👧‍👦 family", "🇮🇹🇫🇷", "👍🏽", "🚀 launch", "emoji at end 🎉",
        "☃", "★☆", "✓ done", "→ ← ↑ ↓")
    add("unicode_digits", "١٢٣٤٥", "٣.١٤", "०१२३", "x² + y² = z²", "½ cup", "¾", "Ⅻ", "①②③", "２０２４年",
        "x2y 3.14159 a1b2 ١٢٣ ²³ ½ 1st 2nd", "10²", "H₂O", "૧૨૩", "৫৬৭")
    add("numbers", "0", "7", "42", "123", "2025", "99999", "1234567890", "3.14159", "-42", "+1", "1,000,000",
        "1e-10", "6.022e23", "0x1F", "0b1010", "$19.99", "€100", "100%", "1/2", "3:45", "10:30 AM",
        "v1.2.3", "v1.2.3-rc4, $100,000.00, 0x1F, 42abc", "2nd", "3rd", "21st century", "COVID-19",
        "1.5x faster", "a1b2c3", "007", "000", "12 + 34 = 46", "π ≈ 3.14",
        # whitespace run or a space before digits: Digits-first ('smollm') and plain GPT-2 splitting differ
        "costs  100 dollars", "x\t 5", "  ½", "a\n 7", "  1  2  3", " ١٢٣", "page   12")
    add("dates", "2024-06-01", "12/31/1999", "June 1, 2024", "1 June 2024", "2024-06-01T12:34:56Z",
        "Mon, 01 Jan 2024 00:00:00 GMT", "Q3 2023", "FY2024")
    add("whitespace", "a b", "a  b", "a   b", "a    b", "a\tb", "a\t\tb", "a\nb", "a\n\nb", "a\n\n\nb",
        "a\r\nb", "a \t b", "a\t \n b", "  leading spaces\tand\ttabs\n\nnewlines", "\n", "\n\n", "\n\n\n",
        "\t", "\t\t", "  ", "   ", "    ", " \n ", "\n \n", "word\n", "word\n\n", "\nword", "end.  ",
        "trailing   ", "   leading", " both ", "  both  ", "tab\tseparated\tvalues", "x" + " " * 16 + "y",
        "indented\n    code\n        deeper", "\u00a0non-breaking\u00a0space", "zero\u200bwidth", "\u3000ideographic")
    add("empty_ish", "", " ", ".", "!", "?", "a", "A", "'", "\"", "-", "_", "#", "@")
    add("code", "def f(x):\n    return x * 2\n", "for (int i = 0; i < n; i++) {", "console.log('hi');",
        "<div class=\"x\">text</div>", "SELECT * FROM t WHERE id = 1;", "x->y", "a != b && c >= d",
        "#include <stdio.h>", "import numpy as np", "if __name__ == \"__main__\":", "{\"key\": [1, 2, 3]}",
        "fn main() { println!(\"hi\"); }", "$ ls -la /tmp", "a += 1; b -= 2; c *= 3;", "x = y ** 2 // 3 % 4",
        "public static void main(String[] args)", "<?xml version=\"1.0\"?>", "/* comment */ // line",
        "```python\nprint(1)\n```", "λx.x", "// TODO: fix", "a_b-c.d/e\\f", "~/.bashrc", "@Override")
    add("urls", "https://example.com/path?q=1&r=2#frag", "http://www.hf.co/SmolLM2", "mailto:someone@example.org",
        "user@example.com", "ftp://files.example.net/a.tar.gz", "www.example.com", "https://zh.wikipedia.org/wiki/東京",
        "C:\\Program Files\\App", "/usr/local/bin/python3")
    add("punctuation", "...", "…", "?!?!", "---", "--", "«quoted»", "“smart quotes”", "‘single’", "—em dash—",
        "(parentheses) [brackets] {braces}", "a, b; c: d.", "!!!", "***bold***", "__init__", "#hashtag @mention",
        "50/50", "&amp; &lt;", "¡Hola! ¿Qué tal?", "«Ça va?»")
    add("special_tokens", "<|im_start|>user\nHi<|im_end|>",
        "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
        "<|im_start|>user\nWhere was Barack Obama born?<|im_end|>\n<|im_start|>assistant\n",
        "<|endoftext|>", "text<|endoftext|>more", "<|im_start|><|im_end|>", " <|im_end|> ", "<|im_start",
        "im_start|>", "<|endoftext|><|endoftext|>", "Hi<|im_end|>\n", "<repo_name>concord<file_sep>main.java",
        "<|im_start|>assistant\nThe answer is 42.<|im_end|>")
    # generated families
    for n in (1, 2, 3, 4, 5, 8):
        add("whitespace", "x" + " " * n + "y", "x" + "\n" * n + "y", " " * n + "start", "end" + " " * n)
    for w in ("the", "Hello", "world", "42", "东京", "naïve"):
        add("leading_trailing", " " + w, w + " ", "  " + w, w + "\n")
    for n in (5, 55, 555, 5555, 55555, 1000000, 314159265358979):
        add("numbers", str(n), f"{n} items", f"#{n}")
    return s


def build_reference_tokenizer(r):
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers
    tokens = field_value(r, "tokenizer.ggml.tokens")
    types = field_value(r, "tokenizer.ggml.token_type")
    merges = [tuple(m.split(" ", 1)) for m in field_value(r, "tokenizer.ggml.merges")]
    vocab = {t: i for i, t in enumerate(tokens)}
    assert len(vocab) == len(tokens)
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, fuse_unk=False, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)])
    tok.decoder = decoders.ByteLevel()
    specials = [AddedToken(tokens[i], special=True, normalized=False) for i, t in enumerate(types) if t == 3]
    tok.add_special_tokens(specials)
    for i, t in enumerate(types):
        if t == 3:
            assert tok.token_to_id(tokens[i]) == i
    return tok, len(specials)


def make_smollm2_tokenizer(out, path, tf_python):
    r = GGUFReader(path)
    assert field_value(r, "tokenizer.ggml.model") == "gpt2" and field_value(r, "tokenizer.ggml.pre") == "smollm"
    tok, n_special = build_reference_tokenizer(r)
    samples = tokenizer_samples()
    texts = [t for _, t in samples]
    assert len(set(texts)) == len(texts), [t for t in texts if texts.count(t) > 1]
    ids = [tok.encode(t, add_special_tokens=False).ids for t in texts]
    for t, i in zip(texts, ids):   # the byte-level decoder must give the text back
        assert tok.decode(i, skip_special_tokens=False) == t, (t, i)
    tf = transformers_encode(tf_python, path, texts, False)
    rows, by_kind = [], {}
    for (kind, t), i, k in zip(samples, ids, tf if tf is not None else [None] * len(texts)):
        agree = None if k is None else (k == i)
        rows.append({"text": t, "ids": i, "transformers_agrees": agree})
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += 1
        by_kind[kind][1] += bool(agree)
    write_json(os.path.join(out, "smollm2-tokenizer.json"), rows)
    n_agree = sum(1 for x in rows if x["transformers_agrees"])
    print(f"  smollm2 tokenizer: {len(rows)} strings, {n_special} special tokens; transformers agrees on "
          f"{n_agree}/{len(rows)}" + ("" if tf is not None else " (transformers not run)"))
    for kind, (n, a) in by_kind.items():
        if a != n:
            print(f"    {kind}: {a}/{n} agree")
    if tf is not None:
        for (kind, t), i, k in zip(samples, ids, tf):
            if k != i:
                print(f"    differs [{kind}] {t!r}: reference {i} transformers {k}")
    return tok, ["smollm2-tokenizer.json"]


# ---------------------------------------------------------------- 3. SmolLM2 logits
def logits_record(logit_fn, prompts, tok_decode, greedy_prompt_index, n_greedy, extra_ids, vocab_size, seed):
    """Shared by SmolLM2 and Gemma 3: per-position argmax / logsumexp / logits at 64 fixed ids, and a
    greedy continuation (full forward re-run per step)."""
    results = []
    for text, ids in prompts:
        lg = logit_fn(ids)
        results.append((text, ids, lg))
    g_text, g_ids, g_lg = results[greedy_prompt_index]
    cont, seq, lg = [], list(g_ids), g_lg
    for step in range(n_greedy):
        nxt = int(np.argmax(lg[-1]))
        cont.append(nxt)
        seq.append(nxt)
        if step + 1 < n_greedy:
            lg = logit_fn(seq)
    fixed = set(extra_ids) | set(cont)
    for _, _, lg in results:
        fixed |= {int(i) for i in np.argmax(lg, -1)}
    rng = np.random.default_rng(seed)
    while len(fixed) < 64:
        fixed.add(int(rng.integers(0, vocab_size)))
    fixed = sorted(fixed)
    assert len(fixed) == 64, len(fixed)
    prompts_out = []
    for text, ids, lg in results:
        pos = []
        for row in lg:
            m = row.max()
            lse = m + np.log(np.exp(row - m).sum())
            pos.append({"argmax": int(np.argmax(row)), "logsumexp": f32(lse), "logits": f32_list(row[fixed])})
        prompts_out.append({"text": text, "ids": [int(i) for i in ids], "positions": pos})
    greedy = {"prompt": g_text, "prompt_ids": [int(i) for i in g_ids], "continuation_ids": cont,
              "continuation_text": tok_decode(cont)}
    return {"logit_ids": fixed, "prompts": prompts_out, "greedy": greedy}


def make_smollm2_logits(out, path, tok):
    r, tensors = read_tensors(path)
    arch = field_value(r, "general.architecture")
    assert arch == "llama"
    cfg = {"model_type": "llama",
           "num_hidden_layers": int(field_value(r, "llama.block_count")),
           "hidden_size": int(field_value(r, "llama.embedding_length")),
           "intermediate_size": int(field_value(r, "llama.feed_forward_length")),
           "num_attention_heads": int(field_value(r, "llama.attention.head_count")),
           "num_key_value_heads": int(field_value(r, "llama.attention.head_count_kv")),
           "rope_theta": float(field_value(r, "llama.rope.freq_base")),
           "rms_norm_eps": float(field_value(r, "llama.attention.layer_norm_rms_epsilon")),
           "vocab_size": len(field_value(r, "tokenizer.ggml.tokens")),
           "tie_word_embeddings": "output.weight" not in tensors}
    assert cfg["hidden_size"] // cfg["num_attention_heads"] == int(field_value(r, "llama.rope.dimension_count"))
    w = hf_from_gguf(tensors, cfg, permuted=True)
    del tensors
    print(f"  smollm2 config {cfg}; tensor types {sorted({t.tensor_type.name for t in r.tensors})}")

    def fn(ids):
        return mf.llama_logits(w, cfg, list(ids))

    prompts = [(t, tok.encode(t, add_special_tokens=False).ids)
               for t in ("The capital of France is", "Once upon a time, there was a little girl who loved to")]
    paris = tok.encode(" Paris", add_special_tokens=False).ids
    assert len(paris) == 1, paris
    rec = logits_record(fn, prompts, lambda ids: tok.decode(ids, skip_special_tokens=False), 0, 5,
                        paris + [0, 1, 2], cfg["vocab_size"], 20260603)
    rec = {"file": os.path.basename(path), "config": cfg, "paris_id": paris[0], **rec}
    write_json(os.path.join(out, "smollm2-logits.json"), rec)
    g = rec["greedy"]
    print(f"  smollm2 greedy after {g['prompt']!r} {g['prompt_ids']}: {g['continuation_ids']} "
          f"{g['continuation_text']!r}; argmax per position {[p['argmax'] for p in rec['prompts'][0]['positions']]}")
    return ["smollm2-logits.json"]


# ---------------------------------------------------------------- 3b. Gemma 3 K-quant tensors
def make_gemma3_ktensors(out, path):
    r, tensors = read_tensors(path)
    want = ["blk.0.attn_output.weight", "blk.0.ffn_down.weight", "blk.0.attn_q.weight"]
    rows = []
    for name in want:
        tname, shape, a = tensors[name]
        flat = a.ravel().astype(np.float64)
        rows.append({"name": name, "type": tname, "shape": shape, "sum": float(flat.sum()),
                     "sum_of_squares": float((flat * flat).sum()),
                     "first": f32_list(a.ravel()[:512]), "last": f32_list(a.ravel()[-512:])})
    assert [x["type"] for x in rows] == ["Q4_K", "Q6_K", "Q5_0"], [x["type"] for x in rows]
    write_json(os.path.join(out, "gemma3-ktensors.json"), {"file": os.path.basename(path), "tensors": rows})
    return ["gemma3-ktensors.json"]


# ---------------------------------------------------------------- 3c. Gemma 3 tokenizer strings
class LlamaCppSpm:
    """An independent Python transcription of llama.cpp's SentencePiece tokenizer (llama-vocab.cpp:
    tokenizer_st_partition + llm_tokenizer_spm_session) for a 'llama' GGUF vocabulary, used as a second
    reference beside transformers. Steps:
      1. partition: every token of type 3 (control) or 4 (user-defined) is cut out of the text whole
         (parse_special = true), llama.cpp's way: tokens longest first, each one splitting every
         remaining raw fragment at all its occurrences, left to right;
      2. each raw fragment: ' ' -> U+2581 (no prefix space: add_space_prefix is false), split into
         characters, then repeatedly merge the adjacent pair whose joined text is a vocabulary token with
         the highest score (leftmost on ties; a queued pair is dropped once either side changed);
      3. each final symbol that is a token is written as it; any other (a single character not in the
         vocabulary) as the <0xNN> tokens of its UTF-8 bytes;
      4. BOS first when add_bos_token, nothing at the end (add_eos_token is false)."""

    def __init__(self, r):
        self.tokens = field_value(r, "tokenizer.ggml.tokens")
        self.types = field_value(r, "tokenizer.ggml.token_type")
        self.scores = [float(x) for x in field_value(r, "tokenizer.ggml.scores")]
        self.ids = {}
        for i, t in enumerate(self.tokens):   # llama.cpp's token_to_id: the last id of a text wins
            self.ids[t] = i
        self.specials = sorted((i for i, t in enumerate(self.types) if t in (3, 4)),
                               key=lambda i: (-len(self.tokens[i]), i))
        self.byte_ids = [self.ids[f"<0x{b:02X}>"] for b in range(256)]
        assert all(self.types[i] == 6 for i in self.byte_ids)
        self.bos = int(field_value(r, "tokenizer.ggml.bos_token_id"))
        self.add_bos = bool(field_value(r, "tokenizer.ggml.add_bos_token"))
        assert not field_value(r, "tokenizer.ggml.add_space_prefix")
        assert not field_value(r, "tokenizer.ggml.add_eos_token")

    def partition(self, text):
        """[(True, id) | (False, raw text)], llama.cpp's order: longest special token first."""
        frags = [(False, text)] if text else []
        for sid in self.specials:
            st, out = self.tokens[sid], []
            for is_tok, v in frags:
                if is_tok or st not in v:
                    out.append((is_tok, v))
                    continue
                parts = v.split(st)
                for k, p in enumerate(parts):
                    if k:
                        out.append((True, sid))
                    if p:
                        out.append((False, p))
            frags = out
        return frags

    def partition_leftmost_longest(self, text):
        """The other usual rule (what `tokenizers` and SentencePiece do): at each position the longest
        special token that starts there. Only compared against partition(), never used for ids."""
        by_text = {self.tokens[i]: i for i in self.specials}
        lengths = sorted({len(self.tokens[i]) for i in self.specials}, reverse=True)
        frags, raw, i = [], "", 0
        while i < len(text):
            hit = next((text[i:i + n] for n in lengths if text[i:i + n] in by_text), None)
            if hit is None:
                raw += text[i]
                i += 1
                continue
            if raw:
                frags.append((False, raw))
                raw = ""
            frags.append((True, by_text[hit]))
            i += len(hit)
        if raw:
            frags.append((False, raw))
        return frags

    def spm(self, text):
        import heapq
        sym = list(text.replace(" ", "\u2581"))       # symbol texts; "" once merged into the left one
        nxt = list(range(1, len(sym))) + [-1]
        prv = list(range(-1, len(sym) - 1))
        queue = []

        def add(left, right):
            if left < 0 or right < 0:
                return
            joined = sym[left] + sym[right]
            tid = self.ids.get(joined)
            if tid is not None:
                heapq.heappush(queue, (-self.scores[tid], left, right, len(joined)))

        for i in range(1, len(sym)):
            add(i - 1, i)
        while queue:
            _, left, right, size = heapq.heappop(queue)
            if not sym[left] or not sym[right] or len(sym[left]) + len(sym[right]) != size:
                continue
            sym[left], sym[right] = sym[left] + sym[right], ""
            nxt[left] = nxt[right]
            if nxt[right] >= 0:
                prv[nxt[right]] = left
            add(prv[left], left)
            add(left, nxt[left])
        out, i = [], 0 if sym else -1
        while i != -1:
            tid = self.ids.get(sym[i])
            if tid is not None:
                out.append(tid)
            else:
                assert len(sym[i]) == 1, sym[i]
                out.extend(self.byte_ids[b] for b in sym[i].encode("utf-8"))
            i = nxt[i]
        return out

    def encode(self, text):
        out = [self.bos] if self.add_bos else []
        for is_tok, v in self.partition(text):
            out.extend([v] if is_tok else self.spm(v))
        return out


def make_gemma3_tokenizer(out, path, tf_python):
    """gemma3-tokenizer.json: [{"text", "ids", "spm_agrees", "llama_cpp_agrees"}] for the SmolLM2 strings.

    ids: transformers' GGUF tokenizer for the file (AutoTokenizer.from_pretrained(dir, gguf_file=...),
    GemmaTokenizer), encode(text, add_special_tokens=True): BOS (2) first, nothing at the end -- checked
    against add_special_tokens=False for every string.
    transformers does not run llama.cpp's algorithm: it renames the user-defined whitespace tokens ("  ",
    "   ", ...) to U+2581 runs, builds BPE merges from every split of every token ranked by the token's
    position in the file (rank = -index; for Gemma 3's normal tokens the scores fall strictly with the
    index, so this is the score order), turns ' ' into U+2581 and lets `tokenizers` apply the merges
    (lowest rank first, leftmost on ties) with byte fallback; control tokens and the other user-defined
    tokens ('\\n' runs, tab runs, HTML tags) are added tokens, matched leftmost-longest. The editor's
    Java tokenizer follows llama.cpp (see LlamaCppSpm above): different machinery, so spm_agrees records
    whether that transcription gives the same ids. llama_cpp_agrees: llama.cpp itself was not run
    (no llama_cpp binding in the reference environment), so it is null everywhere."""
    r = GGUFReader(path)
    assert field_value(r, "general.architecture") == "gemma3"
    assert field_value(r, "tokenizer.ggml.model") == "llama"
    spm = LlamaCppSpm(r)
    texts = [t for _, t in tokenizer_samples()]
    tf = transformers_encode(tf_python, path, texts, "both")
    if tf is None:
        print("  gemma3 tokenizer ids come from transformers; skipped")
        return []
    rows, n_spm, n_part = [], 0, 0
    for t, (with_bos, plain) in zip(texts, tf):
        assert with_bos == [spm.bos] + plain, (t, with_bos, plain)   # one BOS first, nothing at the end
        mine = spm.encode(t)
        agree = mine == with_bos
        n_spm += agree
        if spm.partition(t) != spm.partition_leftmost_longest(t):
            n_part += 1
            print(f"    special-token partition differs (llama.cpp longest-first vs leftmost-longest): {t!r}")
        if not agree:
            print(f"    differs {t!r}: transformers {with_bos} llama.cpp-style SPM {mine}")
        rows.append({"text": t, "ids": with_bos, "spm_agrees": agree, "llama_cpp_agrees": None})
    write_json(os.path.join(out, "gemma3-tokenizer.json"), rows)
    print(f"  gemma3 tokenizer: {len(rows)} strings (BOS {spm.bos} first in all); llama.cpp-style SPM agrees on "
          f"{n_spm}/{len(rows)}; partition rules differ on {n_part}")
    return ["gemma3-tokenizer.json"]


# ---------------------------------------------------------------- 4. Gemma 3 numpy reference
def gemma3_logits(w, cfg, ids):
    """Gemma3ForCausalLM (transformers modeling_gemma3.py), float64, HF names and HF norm weights
    (RMSNorm multiplies by 1 + weight). Eager attention, no softcapping (both None for Gemma 3)."""
    d, nh, nkv, hd = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    eps, t = cfg["rms_norm_eps"], len(ids)

    def rms(x, p):
        return x / np.sqrt((x ** 2).mean(-1, keepdims=True) + eps) * (1.0 + w[p])

    def lin(x, p):
        return x @ w[p + ".weight"].T

    def gelu_tanh(x):
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))

    def rope_tables(theta):
        inv_freq = 1.0 / theta ** (np.arange(0, hd, 2) / hd)
        emb = np.concatenate([np.outer(np.arange(t), inv_freq)] * 2, -1)
        return np.cos(emb), np.sin(emb)

    def rotate_half(x):
        return np.concatenate([-x[..., hd // 2:], x[..., :hd // 2]], -1)

    ropes = {"full_attention": rope_tables(cfg["rope_theta"]),
             "sliding_attention": rope_tables(cfg["rope_local_base_freq"])}
    qi, ki = np.arange(t)[:, None], np.arange(t)[None, :]
    masks = {"full_attention": ki <= qi, "sliding_attention": (ki <= qi) & (ki > qi - cfg["sliding_window"])}
    h = w["model.embed_tokens.weight"][ids] * np.sqrt(d)
    for l in range(cfg["num_hidden_layers"]):
        p, kind = f"model.layers.{l}.", cfg["layer_types"][l]
        a = rms(h, p + "input_layernorm.weight")
        q = lin(a, p + "self_attn.q_proj").reshape(t, nh, hd).transpose(1, 0, 2)
        k = lin(a, p + "self_attn.k_proj").reshape(t, nkv, hd).transpose(1, 0, 2)
        v = lin(a, p + "self_attn.v_proj").reshape(t, nkv, hd).transpose(1, 0, 2)
        q, k = rms(q, p + "self_attn.q_norm.weight"), rms(k, p + "self_attn.k_norm.weight")
        cos, sin = ropes[kind]
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k, v = np.repeat(k, nh // nkv, axis=0), np.repeat(v, nh // nkv, axis=0)
        s = q @ k.transpose(0, 2, 1) * cfg["query_pre_attn_scalar"] ** -0.5
        s = np.where(masks[kind], s, -np.inf)
        att = (mf.softmax(s) @ v).transpose(1, 0, 2).reshape(t, nh * hd)
        h = h + rms(lin(att, p + "self_attn.o_proj"), p + "post_attention_layernorm.weight")
        m = rms(h, p + "pre_feedforward_layernorm.weight")
        m = lin(gelu_tanh(lin(m, p + "mlp.gate_proj")) * lin(m, p + "mlp.up_proj"), p + "mlp.down_proj")
        h = h + rms(m, p + "post_feedforward_layernorm.weight")
    h = rms(h, "model.norm.weight")
    return h @ w["model.embed_tokens.weight"].T      # tied lm_head; final_logit_softcapping is None


GEMMA_MAP = [("attn_norm", "input_layernorm"), ("post_attention_norm", "post_attention_layernorm"),
             ("ffn_norm", "pre_feedforward_layernorm"), ("post_ffw_norm", "post_feedforward_layernorm"),
             ("attn_q_norm", "self_attn.q_norm"), ("attn_k_norm", "self_attn.k_norm"),
             ("attn_q", "self_attn.q_proj"), ("attn_k", "self_attn.k_proj"), ("attn_v", "self_attn.v_proj"),
             ("attn_output", "self_attn.o_proj"), ("ffn_gate", "mlp.gate_proj"), ("ffn_up", "mlp.up_proj"),
             ("ffn_down", "mlp.down_proj")]


def make_gemma3_logits(out, path, tf_python):
    r, tensors = read_tensors(path)
    assert field_value(r, "general.architecture") == "gemma3"
    fv = lambda k: field_value(r, "gemma3." + k)   # noqa: E731
    n_layers = int(fv("block_count"))
    pattern = 6       # not in the file: Gemma 3's sliding_window_pattern (llama.cpp hard-codes it too)
    cfg = {"num_hidden_layers": n_layers, "hidden_size": int(fv("embedding_length")),
           "intermediate_size": int(fv("feed_forward_length")),
           "num_attention_heads": int(fv("attention.head_count")),
           "num_key_value_heads": int(fv("attention.head_count_kv")),
           "head_dim": int(fv("attention.key_length")),
           "rms_norm_eps": float(fv("attention.layer_norm_rms_epsilon")),
           "rope_theta": float(fv("rope.freq_base")),
           "rope_local_base_freq": 10000.0,            # not in the file; transformers' default
           "sliding_window": int(fv("attention.sliding_window")),
           "query_pre_attn_scalar": int(fv("attention.key_length")),   # 256 for all Gemma 3 but 27B
           "layer_types": ["sliding_attention" if (i + 1) % pattern else "full_attention" for i in range(n_layers)],
           "vocab_size": len(field_value(r, "tokenizer.ggml.tokens"))}
    assert int(fv("attention.value_length")) == cfg["head_dim"] and "output.weight" not in tensors
    # llama.cpp's converter stores Gemma norm weights as (1 + w_hf) in F32: w_hf = stored - 1
    w = {}
    for gname, (_, _, a) in tensors.items():
        a = a.astype(np.float64)
        if gname == "token_embd.weight":
            w["model.embed_tokens.weight"] = a
        elif gname == "output_norm.weight":
            w["model.norm.weight"] = a - 1.0
        else:
            _, l, g, suffix = gname.split(".")
            h = dict(GEMMA_MAP)[g]
            w[f"model.layers.{l}.{h}.{suffix}"] = a - 1.0 if g.endswith("norm") else a
    del tensors
    text = "The capital of France is"
    tf = transformers_encode(tf_python, path, [text, " Paris"], True)
    if tf is None:
        print("  gemma3 logits need transformers' tokenizer ids; skipped")
        return []
    ids, paris = tf[0], tf[1][1:]
    assert ids[0] == int(field_value(r, "tokenizer.ggml.bos_token_id"))
    tokens = field_value(r, "tokenizer.ggml.tokens")
    assert len(paris) == 1, tf[1]

    def decode(seq):
        return "".join(tokens[i] for i in seq).replace("\u2581", " ")

    def fn(seq):
        return gemma3_logits(w, cfg, list(seq))

    rec = logits_record(fn, [(text, ids)], decode, 0, 5, paris + [0, 1, 2, 3], cfg["vocab_size"], 20260604)
    rec = {"file": os.path.basename(path), "config": cfg, "paris_id": paris[0],
           "note": "norm weights in the GGUF are 1 + w_hf (llama.cpp converter); the forward multiplies by them",
           **rec}
    write_json(os.path.join(out, "gemma3-logits.json"), rec)
    g = rec["greedy"]
    print(f"  gemma3 ids {ids}; greedy {g['continuation_ids']} {g['continuation_text']!r}; "
          f"argmax per position {[p['argmax'] for p in rec['prompts'][0]['positions']]}")
    return ["gemma3-logits.json"]


# ---------------------------------------------------------------- main
def generate(out, args):
    os.makedirs(out, exist_ok=True)
    files, skipped = [], []
    print("types.gguf / aligned64.gguf")
    files += make_types(out)
    print("tiny llama / qwen2")
    files += make_tiny(out)
    if args.smollm2:
        print("SmolLM2", args.smollm2)
        tok, f = make_smollm2_tokenizer(out, args.smollm2, args.transformers_python)
        files += f
        files += make_smollm2_logits(out, args.smollm2, tok)
    else:
        skipped += ["smollm2-tokenizer.json", "smollm2-logits.json"]
    if args.gemma3:
        print("Gemma 3", args.gemma3)
        f = make_gemma3_tokenizer(out, args.gemma3, args.transformers_python)
        files += f
        skipped += [] if f else ["gemma3-tokenizer.json"]
        files += make_gemma3_ktensors(out, args.gemma3)
        files += make_gemma3_logits(out, args.gemma3, args.transformers_python)
    else:
        skipped += ["gemma3-tokenizer.json", "gemma3-ktensors.json", "gemma3-logits.json"]
    return files, skipped


def describe_diff(a, b):
    if not (a.endswith(".json") and os.path.exists(b)):
        return ""

    def nums(o):
        if isinstance(o, dict):
            for v in o.values():
                yield from nums(v)
        elif isinstance(o, list):
            for v in o:
                yield from nums(v)
        elif isinstance(o, float):
            yield o
    try:
        p, q = list(nums(json.load(open(a)))), list(nums(json.load(open(b))))
        if len(p) == len(q) and p:
            d = np.abs(np.array(p) - np.array(q))
            return f" (max |diff| of floats {d.max():.3g}, {int((d > 0).sum())} differ)"
    except Exception:
        pass
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smollm2", help="SmolLM2-135M-Instruct GGUF (llama arch, gpt2/smollm tokenizer)")
    ap.add_argument("--gemma3", help="Gemma 3 270M GGUF")
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare byte for byte")
    ap.add_argument("--out", default=DEFAULT_OUT, help="fixture folder (default %(default)s)")
    ap.add_argument("--transformers-python", default=os.environ.get("TRANSFORMERS_PYTHON", DEFAULT_TF_PYTHON),
                    help="interpreter with transformers for the tokenizer cross-check (default %(default)s)")
    args = ap.parse_args()
    if not args.check:
        files, skipped = generate(args.out, args)
        total = 0
        for f in files:
            n = os.path.getsize(os.path.join(args.out, f))
            total += n
            print(f"  wrote {f} ({n} bytes)")
        print(f"{len(files)} files, {total} bytes in {args.out}" + (f"; not regenerated: {skipped}" if skipped else ""))
        return 0
    tmp = tempfile.mkdtemp(prefix="gguf-fixtures-")
    try:
        files, skipped = generate(tmp, args)
        bad = []
        for f in files:
            mine, committed = os.path.join(tmp, f), os.path.join(args.out, f)
            if not os.path.exists(committed):
                bad.append(f"{f}: not committed")
            elif open(mine, "rb").read() != open(committed, "rb").read():
                bad.append(f"{f}: differs{describe_diff(mine, committed)}")
        for f in skipped:
            if os.path.exists(os.path.join(args.out, f)):
                print(f"  {f}: not checked (its model file was not given)")
        if bad:
            print("CHECK FAILED:\n  " + "\n  ".join(bad))
            return 1
        print(f"check OK: {len(files)} files identical")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
