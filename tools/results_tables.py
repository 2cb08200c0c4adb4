#!/usr/bin/env python3
"""Prints the tables of RESULTS.md from the records tools/results.sh writes.

    python3 tools/results_tables.py [runs/results]

Standard library only. Reads study.json, metrics.jsonl, selection.json and stack.json of each
corpus folder; prints Markdown.
"""
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "runs/results"
KS = [0, 50, 100, 150, 200, 300]


def load(path):
    with open(path) as f:
        return json.load(f)


def eval_losses(metrics):
    """candidate -> {step: evalLoss} of stage 1."""
    out = {}
    with open(metrics) as f:
        for line in f:
            o = json.loads(line)
            if "evalLoss" in o:
                out.setdefault(o["candidate"], {})[o["step"]] = o["evalLoss"]
    return out


def fmt(v, digits=3):
    return "-" if v is None else f"{v:.{digits}f}"


def study_tables(name, d):
    study = load(os.path.join(d, "study", "study.json"))
    losses = eval_losses(os.path.join(d, "study", "metrics.jsonl"))
    final = study["finalStep"]
    order = sorted(losses, key=lambda c: losses[c].get(final, 9e9))
    print(f"Validation loss ({name}):\n")
    print("| operator | " + " | ".join(f"k = {k}" for k in KS) + " |")
    print("|---" * (len(KS) + 1) + "|")
    for c in order:
        print(f"| {c} | " + " | ".join(fmt(losses[c].get(k)) for k in KS) + " |")
    print()
    for key, title in (("curve", "final loss"), ("primitivesCurve", "final primitive accuracy")):
        if key not in study:
            continue
        curve = study if key == "curve" else study[key]
        print(f"Lag curve against {title} ({name}):\n")
        print("| k | Spearman [95% CI] | p | Kendall | pick | regret |")
        print("|---|---|---|---|---|---|")
        for p in curve["curve"]:
            if p["step"] not in KS:
                continue
            sp = p["spearman"]
            lo, hi = p.get("spearmanLow"), p.get("spearmanHigh")
            ci = f" [{lo:+.2f}, {hi:+.2f}]" if lo is not None and hi is not None else ""
            print(
                f"| {p['step']} | {sp:+.2f}{ci} | {p['spearmanP']:.3f} | {p['kendall']:+.2f}"
                f" | {p['pick']} | {fmt(p['regret'], 4)} |"
            )
        print()
    if "finalPrimitives" in study:
        prims = study["finalPrimitives"]
        tasks = list(next(iter(prims.values()))["tasks"])
        print(f"Reasoning primitives of the final models ({name}; accuracy %, 95% interval):\n")
        print("| operator | eval loss | mean | " + " | ".join(tasks) + " |")
        print("|---" * (len(tasks) + 3) + "|")
        for c, v in sorted(prims.items(), key=lambda e: e[1]["evalLoss"]):
            cells = [
                f"{100 * t['accuracy']:.0f} [{100 * t['lower']:.0f}, {100 * t['upper']:.0f}]"
                for t in v["tasks"].values()
            ]
            print(f"| {c} | {v['evalLoss']:.4f} | {100 * v['mean']:.1f} | " + " | ".join(cells) + " |")
        chance = next(iter(prims.values()))["tasks"]
        print(
            "| chance (copy a value of the query line) | | | "
            + " | ".join(f"{100 * t['chance']:.0f}" for t in chance.values())
            + " |"
        )
        print()
    return study


def selection_rows(name, d, study):
    finals = {c["name"]: c["final"] for c in study["candidates"] if not c["diverged"]}
    rows = []
    for policy in ("select-fixed", "select-sh"):
        path = os.path.join(d, policy, "selection.json")
        if not os.path.exists(path):
            continue
        s = load(path)
        regret = None
        if finals and s["winner"] in finals:
            regret = finals[s["winner"]] - min(finals.values())
        rows.append(
            f"| {name} | {s['policy']} | {s['winner']} | {', '.join(s['tiedWithWinner']) or '-'}"
            f" | {s['compute']['steps']} | {s['compute']['flops']:.3g} | {fmt(regret, 4)} |"
        )
    return rows


def stack_rows(name, d):
    s = load(os.path.join(d, "stack", "stack.json"))
    winners = ", ".join(st["selection"]["winner"] for st in s["stages"])
    rows = []
    for c in s["contenders"]:
        label = c["name"] if c["name"] != "lag" else f"LAG ({winners})"
        overhead = c.get("overheadFlops") or 0
        saving = c.get("savingVsScratch")
        reached = c.get("flopsToScratchLoss")
        to_scratch = "not reached" if reached is None else f"{reached + overhead:.3g}"
        rows.append(
            f"| {name} | {label} | {fmt(c['finalEvalLoss'], 4)} | {c['flops'] + overhead:.3g}"
            f" | {to_scratch} | {'-' if saving is None else f'{100 * saving:.0f}%'} |"
        )
    return rows


def main():
    corpora = [c for c in ("embedded", "kjv") if os.path.isdir(os.path.join(OUT, c))]
    studies = {}
    for name in corpora:
        print(f"## {name}\n")
        studies[name] = study_tables(name, os.path.join(OUT, name))
    print("Successive halving vs a fixed lag:\n")
    print("| corpus | policy | pick | tied with | selection steps | selection FLOPs | regret of the pick (study) |")
    print("|---|---|---|---|---|---|---|")
    for name in corpora:
        for row in selection_rows(name, os.path.join(OUT, name), studies[name]):
            print(row)
    print("\nAdaptive stacking to 8 layers, baselines and RaPTr on the same token budget:\n")
    print("| corpus | schedule | final validation loss | FLOPs | FLOPs to the scratch loss | saving |")
    print("|---|---|---|---|---|---|")
    for name in corpora:
        if os.path.exists(os.path.join(OUT, name, "stack", "stack.json")):
            for row in stack_rows(name, os.path.join(OUT, name)):
                print(row)


if __name__ == "__main__":
    main()
