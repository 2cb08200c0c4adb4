#!/usr/bin/env python3
"""Times the training step of lag's GPT in PyTorch eager: the peer of `lag bench step --peer torch`.

    /usr/bin/python3 tools/peer_torch.py --layers 4 --d-model 128 --heads 4 --seq-len 128 --batch 16

Same model, same optimiser (AdamW, global-norm clipping), random byte data; prints one JSON
object with the median and best milliseconds per step after warm-up.
"""
import argparse
import json
import statistics
import time

import torch

from lag_gpt import GPT


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--d-model", type=int, default=128)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--seq-len", type=int, default=128)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--warmup", type=int, default=60)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cfg = dict(vocabSize=256, dModel=a.d_model, heads=a.heads, layers=a.layers,
               seqLen=a.seq_len, mlpRatio=4, tiedEmbeddings=True)
    model = GPT(cfg)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.95))
    times, forward, backward, update = [], [], [], []
    for step in range(a.warmup + a.steps):
        x = torch.randint(0, 256, (a.batch, a.seq_len))
        y = torch.randint(0, 256, (a.batch, a.seq_len))
        start = time.perf_counter()
        loss = model(x, y)
        t1 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss.item()
        end = time.perf_counter()
        if step >= a.warmup:
            times.append((end - start) * 1000)
            forward.append((t1 - start) * 1000)
            backward.append((t2 - t1) * 1000)
            update.append((end - t2) * 1000)
    print(json.dumps({"torch": torch.__version__, "medianMs": statistics.median(times),
                      "bestMs": min(times), "steps": a.steps,
                      "forwardMs": statistics.median(forward),
                      "backwardMs": statistics.median(backward),
                      "clipAndOptimizerMs": statistics.median(update)}))


if __name__ == "__main__":
    main()
