#!/usr/bin/env python3
"""Loads a lag checkpoint into plain PyTorch and prints the loss `lag eval` prints.

    python3 tools/check_checkpoint.py --ckpt RUN_DIR/checkpoint --data FILE [--json]

Byte-level checkpoints only (tokenizer 'bytes'): the file's UTF-8 bytes are the tokens.
"""
import argparse
import json
import sys

import torch

from lag_gpt import load_checkpoint, windows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckpt", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(2)
    model, cfg = load_checkpoint(args.ckpt)
    if cfg.get("tokenizer", "bytes") != "bytes":
        sys.exit("check_checkpoint.py: only byte-level checkpoints are supported")
    with open(args.data, "rb") as f:
        tokens = list(f.read())
    x, y = windows(tokens, cfg["seqLen"])
    total = 0.0
    model.eval()
    with torch.no_grad():
        for start in range(0, len(x), args.batch):
            xb, yb = x[start:start + args.batch], y[start:start + args.batch]
            total += model(xb, yb).item() * len(xb)
    loss = total / len(x)
    if args.json:
        print(json.dumps({"loss": loss, "windows": len(x), "seqLen": cfg["seqLen"], "tokens": len(tokens)}))
    else:
        print(f"loss {loss:.6f} over {len(x)} windows of {cfg['seqLen']} tokens")


if __name__ == "__main__":
    main()
