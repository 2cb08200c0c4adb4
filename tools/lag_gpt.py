"""A plain PyTorch GPT that reads lag checkpoints (nanoGPT names and orientation).

Standard library plus torch only (Debian's python3-torch works), so it runs anywhere lag does.
It is the reference that lag's own numbers are checked against: `check_checkpoint.py` computes
the same evaluation loss as `lag eval`, and `peer_torch.py` times the same training step.
"""
import json
import math
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    """Reads a float32 safetensors file into a dict of tensors (no extra package needed)."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: only F32 is supported, got {entry['dtype']}")
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        tensors[name] = values.reshape(entry["shape"]).clone()
    return tensors


class Block(nn.Module):
    def __init__(self, d, heads, mlp_ratio):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(d)
        self.attn = nn.Module()
        self.attn.c_attn = nn.Linear(d, 3 * d)
        self.attn.c_proj = nn.Linear(d, d)
        self.ln_2 = nn.LayerNorm(d)
        self.mlp = nn.Module()
        self.mlp.c_fc = nn.Linear(d, mlp_ratio * d)
        self.mlp.c_proj = nn.Linear(mlp_ratio * d, d)

    def attention(self, x, mask):
        b, t, d = x.shape
        hd = d // self.heads
        qkv = self.attn.c_attn(x).view(b, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] / math.sqrt(hd), qkv[1], qkv[2]
        att = (q @ k.transpose(-2, -1) + mask[:t, :t]).softmax(-1)
        return self.attn.c_proj((att @ v).transpose(1, 2).reshape(b, t, d))

    def forward(self, x, mask):
        x = x + self.attention(self.ln_1(x), mask)
        return x + self.mlp.c_proj(F.gelu(self.mlp.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    """The same architecture as lag's Gpt: pre-LayerNorm, fused QKV, exact GELU, learned positions."""

    def __init__(self, cfg):
        super().__init__()
        d = cfg["dModel"]
        self.cfg = cfg
        self.transformer = nn.Module()
        self.transformer.wte = nn.Embedding(cfg["vocabSize"], d)
        self.transformer.wpe = nn.Embedding(cfg["seqLen"], d)
        self.transformer.h = nn.ModuleList(
            [Block(d, cfg["heads"], cfg["mlpRatio"]) for _ in range(cfg["layers"])]
        )
        self.transformer.ln_f = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, cfg["vocabSize"], bias=False)
        if cfg["tiedEmbeddings"]:
            self.lm_head.weight = self.transformer.wte.weight
        t = cfg["seqLen"]
        self.register_buffer("mask", torch.full((t, t), float("-inf")).triu(1), persistent=False)

    def forward(self, idx, targets=None):
        t = idx.shape[1]
        pos = torch.arange(t, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x, self.mask)
        logits = self.lm_head(self.transformer.ln_f(x))
        if targets is None:
            return logits
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


def load_checkpoint(directory):
    """A GPT with the parameters of a lag checkpoint directory, and its flat config."""
    with open(f"{directory}/config.json") as f:
        cfg = json.load(f)
    model = GPT(cfg)
    state = read_safetensors(f"{directory}/model.safetensors")
    model.load_state_dict(state, strict=True)
    return model, cfg


def windows(tokens, seq_len):
    """lag eval's rule: window i has inputs tokens[iT, iT+T) and targets tokens[iT+1, iT+T+1)."""
    count = (len(tokens) - 1) // seq_len
    x = torch.tensor([tokens[i * seq_len:(i + 1) * seq_len] for i in range(count)], dtype=torch.long)
    y = torch.tensor([tokens[i * seq_len + 1:(i + 1) * seq_len + 1] for i in range(count)], dtype=torch.long)
    return x, y
