#!/usr/bin/env python3
"""The longest-stage goal of issue 25 from `lag bench selection --horizon --json F`: for every
(study, pool) of the longest stage the bank holds, its best operator (replica-averaged final), the regret of the policies asked (default: the
rule's chosen one) and the floor, the regret of a pick by one replica's own final loss (what training
every candidate to the end on one seed would pick), all in seed-noise SDs; then their mean and worst;
then, per lag, the range of the weights the calibration (fitted on the other studies) gave the
prior and the evidence in the calibrated picks of those studies (`--scorer`, default anneal).

    python3 tools/longest_stage.py runs/pools/bench16.json [--policy 'hedged(...) cal:anneal' ...]
"""
import json
import sys


def weights(horizon, studies, scorer):
    print(f"calibrated weights on these study-pools, scorer {scorer} (lags in steps):")
    print("| lag | picks | prior weight | evidence weight |")
    print("|---|---|---|---|")
    by_lag = {}
    for p in horizon["picks"]:
        if p["study"] in studies and p["scorer"] == scorer:
            by_lag.setdefault(p["lag"], []).append(p)
    for lag in sorted(by_lag):
        ps = by_lag[lag]
        a = [p["priorWeight"] for p in ps]
        b = [p["evidenceWeight"] for p in ps]
        print(f"| {lag} | {len(ps)} | {min(a):.2f} .. {max(a):.2f} | {min(b):.2f} .. {max(b):.2f} |")


def main(path, policies, scorer="anneal"):
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
    head = "| study | best | " + " | ".join(policies) + " | floor (one replica's own final) |"
    print(head)
    print("|---" * (len(policies) + 3) + "|")
    for n in studies:
        cells = [f"{regret.get((p, n), float('nan')):.2f}" for p in policies]
        print(f"| {n} | {figures[n].get('best', '?')} | " + " | ".join(cells) + f" | {floor[n]:.2f} |")
    for label, f in (("mean", lambda xs: sum(xs) / len(xs)), ("worst", max)):
        cells = [f"{f([regret.get((p, n), float('nan')) for n in studies]):.2f}" for p in policies]
        print(f"| {label} | | " + " | ".join(cells) + f" | {f([floor[n] for n in studies]):.2f} |")
    print()
    weights(horizon, set(studies), scorer)


if __name__ == "__main__":
    args = sys.argv[1:]
    asked = []
    while "--policy" in args:
        i = args.index("--policy")
        asked.append(args[i + 1])
        del args[i:i + 2]
    scorer = "anneal"
    if "--scorer" in args:
        i = args.index("--scorer")
        scorer = args[i + 1]
        del args[i:i + 2]
    main(args[0], asked, scorer)
