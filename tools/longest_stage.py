#!/usr/bin/env python3
"""The longest-stage goal of issue 25 from `lag bench selection --horizon --json F`: for every
(study, pool) of the longest stage the bank holds, the regret of the policies asked (default: the
rule's chosen one) and the floor, the regret of a pick by one replica's own final loss (what training
every candidate to the end on one seed would pick), all in seed-noise SDs; then their mean and worst.

    python3 tools/longest_stage.py runs/pools/bench16.json [--policy 'hedged(...) cal:anneal' ...]
"""
import json
import sys


def main(path, policies):
    data = json.load(open(path))
    horizon = data["horizon"]
    policies = policies or [horizon["chosen"]]
    figures = {f["name"]: f for f in data["studies"]}
    longest = max(f["finalStep"] for f in figures.values())
    studies = [n for n, f in figures.items() if f["finalStep"] == longest]
    regret = {(e["policy"], e["study"]): e["regret"] for e in horizon["ruleEntries"]}
    floor = {}
    for n in studies:
        f = figures[n]
        floor[n] = next(r["regret"] for r in f["scorers"] if r["scorer"] == "last" and r["lag"] == longest)
    print(f"longest stage: {longest} steps, {len(studies)} study-pools")
    head = "| study | " + " | ".join(policies) + " | floor (one replica's own final) |"
    print(head)
    print("|---" * (len(policies) + 2) + "|")
    for n in studies:
        cells = [f"{regret.get((p, n), float('nan')):.2f}" for p in policies]
        print(f"| {n} | " + " | ".join(cells) + f" | {floor[n]:.2f} |")
    for label, f in (("mean", lambda xs: sum(xs) / len(xs)), ("worst", max)):
        cells = [f"{f([regret.get((p, n), float('nan')) for n in studies]):.2f}" for p in policies]
        print(f"| {label} | " + " | ".join(cells) + f" | {f([floor[n] for n in studies]):.2f} |")


if __name__ == "__main__":
    args = sys.argv[1:]
    asked = []
    while "--policy" in args:
        i = args.index("--policy")
        asked.append(args[i + 1])
        del args[i:i + 2]
    main(args[0], asked)
