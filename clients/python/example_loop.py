#!/usr/bin/env python3
"""Landscape-aware growing from a plain PyTorch-style training loop, through `lag serve`.

Each candidate is a way of growing a model; here a stand-in model whose loss follows a noisy power
law, so the example runs anywhere in a second. Swap `StandInModel.train_step` for your model's
forward, backward and optimizer step: the lag calls are the same.

    ./lag serve &                                   # in another terminal
    python3 clients/python/example_loop.py          # trains, reports, stops when told

The last line printed is JSON: the selection id, the winner, the lag and the tied candidates.
"""

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lag_client import LagClient  # noqa: E402  (the package beside this file)


class StandInModel:
    """Loss(step) = floor + scale / (1 + step)^rate, plus noise: what growth operators look like
    after growth (a bump, then each settles to its own level)."""

    def __init__(self, floor, scale, rate, seed):
        self.floor, self.scale, self.rate = floor, scale, rate
        self.rng = random.Random(seed)
        self.step = 0

    def train_step(self):
        self.step += 1
        clean = self.floor + self.scale / (1 + self.step) ** self.rate
        return clean + self.rng.gauss(0, 0.01)

    def evaluate(self):
        return self.floor + self.scale / (1 + self.step) ** self.rate


CANDIDATES = {
    # name: (floor, scale, rate). stack-top starts best but settles worse than midas.
    "stack-top": (2.10, 0.8, 0.9),
    "midas": (2.00, 1.6, 0.6),
    "interleave": (2.05, 1.2, 0.7),
    "zero-new": (2.20, 0.5, 0.8),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8421")
    parser.add_argument("--policy", default="successive-halving(r=20, eta=2)")
    parser.add_argument("--final-step", type=int, default=400)
    parser.add_argument("--eval-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1337)
    args = parser.parse_args()

    lag = LagClient(args.url)
    selection = lag.create_selection(list(CANDIDATES), policy=args.policy, scorer="last",
                                     metric="eval", final_step=args.final_step)
    models = {name: StandInModel(*shape, seed=args.seed + i)
              for i, (name, shape) in enumerate(CANDIDATES.items())}
    # Step 0 is the model right after growth.
    active = set(models)
    for name, model in models.items():
        selection.report(name, 0, model.evaluate(), eval_loss=model.evaluate())

    # A parallel loop in miniature: every round, each candidate the policy wants trained takes a
    # step; one that reached its rung waits for the others; the policy stops the rest; the winner
    # would train on to the end of the stage (here the example ends when it is known).
    waiting = set()
    winner = None
    while active and winner is None:
        for name in sorted(active):
            if name in waiting:
                decision = selection.decision(name)
                if decision.action == "wait":
                    continue
                waiting.discard(name)
            else:
                model = models[name]
                loss = model.train_step()
                eval_loss = model.evaluate() if model.step % args.eval_every == 0 else None
                decision = selection.report(name, model.step, loss, eval_loss=eval_loss)
            if decision.action == "wait":
                waiting.add(name)
            elif decision.action == "won":
                winner = name
                print(f"{name}: won at step {models[name].step} ({decision.reason})",
                      file=sys.stderr)
            elif decision.should_stop:
                active.discard(name)
                print(f"{name}: stop at step {models[name].step} ({decision.reason})",
                      file=sys.stderr)
    status = selection.status()
    print(json.dumps({"id": selection.id, "winner": status.winner, "lag": status.lag,
                      "tiedWithWinner": status.tied_with_winner}))


if __name__ == "__main__":
    main()
