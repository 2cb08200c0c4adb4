#!/usr/bin/env python3
"""Landscape-aware growing from a plain PyTorch training loop.

What a PyTorch user does with lag, end to end, on a small GPT in this file:

1. train a 2-layer model (your pretraining so far) and save it as safetensors (nanoGPT names);
2. `lag grow` it to 4 layers with every candidate operator;
3. train the candidates in your own loop on the same batches, reporting each step to `lag serve`
   through the client, and do what it says: continue, wait, stop (a loser) or won (the pick).

    ./lag serve &
    pip install ./clients/python
    python3 clients/python/examples/torch_loop.py --lag ./lag

Needs torch (Debian's python3-torch works) and the lag client. The last line printed is JSON: the
selection id, the winner, the lag, the steps each candidate had trained when the pick was made,
and the winner's steps and held-out loss at the end of the stage.
"""
import argparse
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F

try:
    from lag_client import LagClient
except ImportError:  # run from a checkout without installing the client
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from lag_client import LagClient

VOCAB, D, HEADS, T = 256, 32, 2, 32


class GPT(nn.Module):
    """nanoGPT in miniature: pre-LayerNorm blocks, learned positions, tied head."""

    def __init__(self, layers):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(VOCAB, D), wpe=nn.Embedding(T, D),
            h=nn.ModuleList(Block() for _ in range(layers)), ln_f=nn.LayerNorm(D)))
        self.lm_head = nn.Linear(D, VOCAB, bias=False)
        self.lm_head.weight = self.transformer.wte.weight

    def forward(self, idx, targets):
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(idx.shape[1]))
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))
        return F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.attn = nn.ModuleDict(dict(c_attn=nn.Linear(D, 3 * D), c_proj=nn.Linear(D, D)))
        self.mlp = nn.ModuleDict(dict(c_fc=nn.Linear(D, 4 * D), c_proj=nn.Linear(4 * D, D)))

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.attn["c_attn"](self.ln_1(x)).view(b, t, 3, HEADS, D // HEADS).permute(2, 0, 3, 1, 4)
        mask = torch.full((t, t), float("-inf")).triu(1)  # causal (torch 1.13 has no SDPA)
        y = ((q @ k.transpose(-2, -1)) / math.sqrt(D // HEADS) + mask).softmax(-1) @ v
        x = x + self.attn["c_proj"](y.transpose(1, 2).reshape(b, t, D))
        return x + self.mlp["c_proj"](F.gelu(self.mlp["c_fc"](self.ln_2(x))))


def corpus(seed=0):
    """Text with structure at several ranges (bindings, copying), as bytes."""
    g = torch.Generator().manual_seed(seed)
    words = ["let", "print", "copy", "the", "model", "grows", "a", "layer", "deep", "wide"]
    out = []
    for _ in range(4000):
        a = int(torch.randint(0, 10, (1,), generator=g))
        name = "xyzqk"[int(torch.randint(0, 5, (1,), generator=g))]
        out.append(f"let {name} = {a} ; {words[a]} {name} ; print {name} = {a} .\n")
    return torch.tensor(list("".join(out).encode()), dtype=torch.long)


def batch(data, step, size, generator_seed):
    g = torch.Generator().manual_seed(generator_seed * 100_003 + step)
    starts = torch.randint(0, len(data) - T - 1, (size,), generator=g)
    x = torch.stack([data[s:s + T] for s in starts])
    y = torch.stack([data[s + 1:s + T + 1] for s in starts])
    return x, y


def save_safetensors(path, model):
    tensors = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        raw = t.to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    return {k: torch.frombuffer(bytearray(data[e["data_offsets"][0]:e["data_offsets"][1]]),
                                dtype=torch.float32).reshape(e["shape"])
            for k, e in header.items() if k != "__metadata__"}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:8421")
    p.add_argument("--lag", default="./lag", help="the lag launcher, for lag grow")
    p.add_argument("--ops", default="stack-top,midas,zero-new")
    p.add_argument("--source-steps", type=int, default=60)
    p.add_argument("--stage", type=int, default=60, help="steps of the stage after growth")
    p.add_argument("--policy", default="successive-halving(r=10, eta=2)")
    p.add_argument("--eval-every", type=int, default=5)
    p.add_argument("--work", default=None, help="folder for the checkpoints (default: a temp one)")
    args = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    data = corpus()
    split = int(0.9 * len(data))
    train, held_out = data[:split], data[split:]
    eval_batches = [batch(held_out, i, 8, 7) for i in range(4)]  # fixed: the same for everyone

    # 1. Your model so far: 2 layers.
    source = GPT(2)
    opt = torch.optim.AdamW(source.parameters(), lr=3e-3)
    for step in range(args.source_steps):
        loss = source(*batch(train, step, 8, 1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    work = args.work or tempfile.mkdtemp(prefix="lag-torch-")
    os.makedirs(os.path.join(work, "source"), exist_ok=True)
    save_safetensors(os.path.join(work, "source", "model.safetensors"), source)
    with open(os.path.join(work, "source", "config.json"), "w") as f:
        json.dump({"n_layer": 2, "n_embd": D, "n_head": HEADS, "block_size": T, "vocab_size": VOCAB}, f)

    # 2. Every candidate grown by lag.
    ops = args.ops.split(",")
    models, optimizers = {}, {}
    for op in ops:
        out = os.path.join(work, op)
        subprocess.run([args.lag, "grow", "--from", os.path.join(work, "source"), "--op", op,
                        "--depth", "4", "--out", out, "--force"], check=True, stdout=subprocess.DEVNULL)
        model = GPT(4)
        weights = load_safetensors(os.path.join(out, "model.safetensors"))
        model.load_state_dict(weights, strict=True)  # the grown file has every name, no others
        models[op] = model
        optimizers[op] = torch.optim.AdamW(model.parameters(), lr=3e-3)

    # 3. Your loop, with lag deciding how long each candidate trains.
    lag = LagClient(args.url)
    selection = lag.create_selection(ops, policy=args.policy, metric="eval", final_step=args.stage)
    trials = {op: selection.trial(op) for op in ops}

    def evaluate(model):
        with torch.no_grad():
            losses = [model(x, y).item() for x, y in eval_batches]
        return sum(losses) / len(losses), losses

    steps = {op: 0 for op in ops}
    decisions = {}
    for op in ops:  # step 0: right after growth
        mean, per_batch = evaluate(models[op])
        decisions[op] = trials[op].report(mean, 0, eval_loss=mean, eval_batch_losses=per_batch)
    def train_step(op):
        step = steps[op] = steps[op] + 1
        loss = models[op](*batch(train, step, 8, 2))  # the same batches for every candidate
        optimizers[op].zero_grad()
        loss.backward()
        optimizers[op].step()
        if step % args.eval_every == 0:
            mean, per_batch = evaluate(models[op])
            return trials[op].report(loss.item(), step, eval_loss=mean, eval_batch_losses=per_batch)
        return trials[op].report(loss.item(), step)

    active, winner = set(ops), None
    while winner is None and active:
        for op in sorted(active):
            d = decisions[op]
            if d.action == "wait":  # reached its rung: ask again once the others have reported
                d = decisions[op] = trials[op].decision()
            if d.action == "won":
                winner = op
                break
            if d.action == "stop":  # it lost: free it
                active.discard(op)
                del models[op], optimizers[op]
                continue
            if d.action == "continue":
                decisions[op] = train_step(op)
    lag_steps = dict(steps)
    # The winner trains on to the end of the stage (the service keeps recording it).
    while winner is not None and steps[winner] < decisions[winner].train_until:
        decisions[winner] = train_step(winner)
    status = selection.status()
    final = evaluate(models[winner])[0] if winner is not None else None
    print(json.dumps({"id": selection.id, "winner": status.winner, "lag": status.lag,
                      "stepsAtPick": lag_steps, "winnerSteps": steps.get(winner),
                      "winnerFinalEval": final, "tiedWithWinner": status.tied_with_winner,
                      "tieBreak": status.tie_break}))


if __name__ == "__main__":
    main()
