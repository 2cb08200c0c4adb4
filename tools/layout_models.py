"""Plain PyTorch transformers in three checkpoint layouts, and a check of what `lag grow` makes of them.

Standard library plus torch only (Debian's python3-torch). The models are small, exact
implementations of the layouts `lag grow --layout` reads and writes:

- nanogpt: nanoGPT / lag names, nn.Linear weights (out, in), pre-LayerNorm, exact GELU, tied head;
- hf-gpt2: Hugging Face GPT-2 names (`transformer.h.N.attn.c_attn.weight`), Conv1D weights
  (in, out), tanh GELU, tied head (not stored);
- hf-llama: Hugging Face Llama names (`model.layers.N.self_attn.q_proj.weight`), RMSNorm, rotary
  positions, SwiGLU MLP, no biases, untied head.

Each also carries the buffers its real code saves with the weights, and uses them: nanoGPT's causal
mask without flash attention (`attn.bias`, a [1, 1, T, T] lower triangle of ones), the causal
mask and fill value of GPT-2 as older transformers wrote it (`attn.bias`, `attn.masked_bias`),
and Llama's rotary frequencies as older transformers wrote them (`self_attn.rotary_emb.inv_freq`).
A growth that zeroed or noised one of them would show as a NaN or a changed logit.

    python3 tools/layout_models.py make --layout hf-gpt2 --layers 2 --out DIR
    ./lag grow --from DIR --op zero-new --depth 4 --out DIR2
    python3 tools/layout_models.py check --layout hf-gpt2 --source DIR --grown DIR2 --preserving

`check` loads the grown file into the layout's model with strict names (no tensor missing or
left over), runs it, and with --preserving asserts that its logits equal the source model's within
1e-5 (a function-preserving growth). It prints one JSON line.
"""
import argparse
import json
import math
import os
import re
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, D, HEADS, T, FF = 64, 32, 4, 16, 64


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        if e["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {e['dtype']}")
        a, b = e["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(e["shape"]).clone()
    return out


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        raw = t.detach().contiguous().to(torch.float32).numpy().tobytes() if hasattr(t, "numpy") else bytes(t)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


class _Causal:
    """A causal mask built at run time (Llama saves none)."""
    bias = torch.tril(torch.ones(T, T)).view(1, 1, T, T)


CAUSAL = _Causal()


def mask_buffers(attn, gpt2=False):
    attn.register_buffer("bias", torch.tril(torch.ones(T, T)).view(1, 1, T, T))
    if gpt2:
        attn.register_buffer("masked_bias", torch.tensor(-1e4))


class NanoGPT(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(VOCAB, D)
        self.transformer.wpe = nn.Embedding(T, D)
        self.transformer.h = nn.ModuleList()
        for _ in range(layers):
            b = nn.Module()
            b.ln_1, b.ln_2 = nn.LayerNorm(D), nn.LayerNorm(D)
            b.attn = nn.Module()
            b.attn.c_attn, b.attn.c_proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
            mask_buffers(b.attn)
            b.mlp = nn.Module()
            b.mlp.c_fc, b.mlp.c_proj = nn.Linear(D, FF), nn.Linear(FF, D)
            self.transformer.h.append(b)
        self.transformer.ln_f = nn.LayerNorm(D)
        self.lm_head = nn.Linear(D, VOCAB, bias=False)
        self.lm_head.weight = self.transformer.wte.weight

    def forward(self, idx):
        t = idx.shape[1]
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(t))
        for b in self.transformer.h:
            x = x + attention(b.attn.c_attn(b.ln_1(x)), b.attn.c_proj, t, mask=b.attn)
            x = x + b.mlp.c_proj(F.gelu(b.mlp.c_fc(b.ln_2(x))))
        return self.lm_head(self.transformer.ln_f(x))


def attention(qkv, proj, t, rotary=None, mask=None, gpt2=False):
    b = qkv.shape[0]
    q, k, v = qkv.view(b, t, 3, HEADS, D // HEADS).permute(2, 0, 3, 1, 4)
    if rotary is not None:
        q, k = rotary(q), rotary(k)
    att = q @ k.transpose(-2, -1) / math.sqrt(D // HEADS)
    keep = mask.bias[:, :, :t, :t]
    if gpt2:  # older transformers: torch.where(mask, att, masked_bias)
        att = torch.where(keep.bool(), att, mask.masked_bias.to(att.dtype))
    else:  # nanoGPT without flash attention
        att = att.masked_fill(keep == 0, float("-inf"))
    return proj((att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, D))


class Conv1D(nn.Module):
    """Hugging Face's GPT-2 linear layer: weight (in, out), y = x W + b."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) * 0.02)
        self.bias = nn.Parameter(torch.randn(n_out) * 0.02)

    def forward(self, x):
        return x @ self.weight + self.bias


class HfGpt2(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(VOCAB, D)
        self.transformer.wpe = nn.Embedding(T, D)
        self.transformer.h = nn.ModuleList()
        for _ in range(layers):
            b = nn.Module()
            b.ln_1, b.ln_2 = nn.LayerNorm(D), nn.LayerNorm(D)
            b.attn = nn.Module()
            b.attn.c_attn, b.attn.c_proj = Conv1D(D, 3 * D), Conv1D(D, D)
            mask_buffers(b.attn, gpt2=True)
            b.mlp = nn.Module()
            b.mlp.c_fc, b.mlp.c_proj = Conv1D(D, FF), Conv1D(FF, D)
            self.transformer.h.append(b)
        self.transformer.ln_f = nn.LayerNorm(D)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(t))
        for b in self.transformer.h:
            x = x + attention(b.attn.c_attn(b.ln_1(x)), b.attn.c_proj, t, mask=b.attn, gpt2=True)
            x = x + b.mlp.c_proj(F.gelu(b.mlp.c_fc(b.ln_2(x)), approximate="tanh"))
        return self.transformer.ln_f(x) @ self.transformer.wte.weight.T


class RMSNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(D))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * self.weight


def rotary(x, freqs):
    hd = x.shape[-1]
    t = x.shape[-2]
    angles = torch.arange(t).float()[:, None] * freqs[None, :]
    cos, sin = angles.cos().repeat(1, 2), angles.sin().repeat(1, 2)
    half = torch.cat([-x[..., hd // 2:], x[..., : hd // 2]], dim=-1)
    return x * cos + half * sin


class HfLlama(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.model = nn.Module()
        self.model.embed_tokens = nn.Embedding(VOCAB, D)
        self.model.layers = nn.ModuleList()
        for _ in range(layers):
            b = nn.Module()
            b.input_layernorm, b.post_attention_layernorm = RMSNorm(), RMSNorm()
            b.self_attn = nn.Module()
            for p in ("q_proj", "k_proj", "v_proj", "o_proj"):
                setattr(b.self_attn, p, nn.Linear(D, D, bias=False))
            hd = D // HEADS
            b.self_attn.rotary_emb = nn.Module()
            b.self_attn.rotary_emb.register_buffer(
                "inv_freq", 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd)))
            b.mlp = nn.Module()
            b.mlp.gate_proj, b.mlp.up_proj = nn.Linear(D, FF, bias=False), nn.Linear(D, FF, bias=False)
            b.mlp.down_proj = nn.Linear(FF, D, bias=False)
            self.model.layers.append(b)
        self.model.norm = RMSNorm()
        self.lm_head = nn.Linear(D, VOCAB, bias=False)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.model.embed_tokens(idx)
        for b in self.model.layers:
            h = b.input_layernorm(x)
            a = b.self_attn
            qkv = torch.cat([a.q_proj(h), a.k_proj(h), a.v_proj(h)], dim=-1)
            x = x + attention(qkv, a.o_proj, t, lambda z: rotary(z, a.rotary_emb.inv_freq), mask=CAUSAL)
            h = b.post_attention_layernorm(x)
            x = x + b.mlp.down_proj(F.silu(b.mlp.gate_proj(h)) * b.mlp.up_proj(h))
        return self.lm_head(self.model.norm(x))


MODELS = {"nanogpt": NanoGPT, "hf-gpt2": HfGpt2, "hf-llama": HfLlama}


def state(model, layout):
    s = dict(model.state_dict())
    if layout == "nanogpt":
        s["lm_head.weight"] = s["transformer.wte.weight"]  # nanoGPT stores both, equal
    return s


def config(layout, layers):
    if layout == "hf-gpt2":
        return {"model_type": "gpt2", "n_layer": layers, "n_embd": D, "n_head": HEADS,
                "n_positions": T, "vocab_size": VOCAB}
    if layout == "hf-llama":
        return {"model_type": "llama", "num_hidden_layers": layers, "hidden_size": D,
                "num_attention_heads": HEADS, "intermediate_size": FF, "vocab_size": VOCAB}
    return {"n_layer": layers, "n_embd": D, "n_head": HEADS, "block_size": T, "vocab_size": VOCAB}


def make(layout, layers, out, seed):
    torch.manual_seed(seed)
    model = MODELS[layout](layers)
    with torch.no_grad():  # non-trivial norms and biases, so that copying them matters
        for name, p in model.named_parameters():
            if name.endswith("bias") or "norm" in name or "ln_" in name:
                p.add_(torch.randn_like(p) * 0.1)
    os.makedirs(out, exist_ok=True)
    write_safetensors(os.path.join(out, "model.safetensors"), state(model, layout))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config(layout, layers), f)


def load(layout, folder):
    tensors = read_safetensors(os.path.join(folder, "model.safetensors"))
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    layers = cfg["num_hidden_layers"] if layout == "hf-llama" else cfg["n_layer"]
    model = MODELS[layout](layers)
    if layout == "nanogpt":
        tensors.pop("lm_head.weight")  # tied: the embedding is the head
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [m for m in missing if m != "lm_head.weight"]
    if missing or unexpected:
        raise SystemExit(f"{folder}: missing {missing}, unexpected {unexpected}")
    return model.eval(), layers


def check(layout, source, grown, preserving):
    torch.manual_seed(0)
    idx = torch.randint(0, VOCAB, (2, T))
    src, l0 = load(layout, source)
    big, l1 = load(layout, grown)
    with torch.no_grad():
        a, b = src(idx), big(idx)
    diff = (a - b).abs().max().item()
    # Buffers (masks, rotary frequencies) are constants: every grown block holds block 0's.
    first = {re.sub(r"\.\d+\.", ".0.", n, count=1): t for n, t in src.named_buffers()}
    intact = all(torch.equal(t, first[re.sub(r"\.\d+\.", ".0.", n, count=1)])
                 for n, t in big.named_buffers())
    result = {"layout": layout, "sourceLayers": l0, "grownLayers": l1, "maxLogitDiff": diff,
              "finite": bool(torch.isfinite(b).all()), "buffersIntact": intact}
    print(json.dumps(result))
    if not result["finite"] or not intact or (preserving and diff > 1e-5):
        sys.exit(1)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("--layout", choices=MODELS, required=True)
    m.add_argument("--layers", type=int, default=2)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--layout", choices=MODELS, required=True)
    c.add_argument("--source", required=True)
    c.add_argument("--grown", required=True)
    c.add_argument("--preserving", action="store_true")
    a = p.parse_args()
    if a.command == "make":
        make(a.layout, a.layers, a.out, a.seed)
    else:
        check(a.layout, a.source, a.grown, a.preserving)


if __name__ == "__main__":
    main()
