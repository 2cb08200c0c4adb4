#!/usr/bin/env python3
"""Prints RESULTS.md's adaptive-stacking table from the records of tools/stack_bench.sh.

For every config and corpus: each schedule's final validation loss (mean over seeds), its FLOP
saving against training the last depth from scratch (selection overhead included), and for LAG the
picks per stage and seed. Seed noise is the spread across seeds of the fixed-operator schedules'
final losses after centring each seed on its mean over them (the schedule-by-seed interaction, RMS
over schedules): a shift common to every schedule changes no ranking and is not counted. LAG's
distance to the best fixed operator is given in those units.

    python3 tools/stack_table.py runs/stack-bench
"""
import json
import math
import pathlib
import statistics
import sys


def seed_noise(finals):
    """finals: {schedule: [final per seed]} -> RMS of the schedule-by-seed interaction."""
    names = list(finals)
    seeds = min(len(v) for v in finals.values())
    if seeds < 2 or len(names) < 2:
        return float("nan")
    seed_mean = [statistics.fmean(finals[n][s] for n in names) for s in range(seeds)]
    total = 0.0
    for n in names:
        centred = [finals[n][s] - seed_mean[s] for s in range(seeds)]
        m = statistics.fmean(centred)
        total += sum((c - m) ** 2 for c in centred) / (seeds - 1)
    return math.sqrt(total / len(names))


def main(root):
    root = pathlib.Path(root)
    for config_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for corpus_dir in sorted(p for p in config_dir.iterdir() if p.is_dir()):
            runs = [json.loads(f.read_text()) for f in sorted(corpus_dir.glob("seed*/stack.json"))]
            if not runs:
                continue
            finals, savings, overhead = {}, {}, {}
            for r in runs:
                for c in r["contenders"]:
                    finals.setdefault(c["name"], []).append(c["finalEvalLoss"])
                    savings.setdefault(c["name"], []).append(c.get("savingVsScratch") or float("nan"))
                    overhead.setdefault(c["name"], []).append(c.get("overheadFlops") or 0.0)
            fixed = {n: v for n, v in finals.items() if n.startswith("fixed:")}
            noise = seed_noise(fixed)
            best = min(fixed, key=lambda n: statistics.fmean(fixed[n]))
            median_saving = statistics.median(statistics.fmean(savings[n]) for n in fixed)
            print(f"\n### {config_dir.name}, {corpus_dir.name} ({len(runs)} seeds)\n")
            print(f"seed noise {noise:.4f}; best fixed operator {best}; median fixed saving {median_saving:+.0%}\n")
            print("| schedule | final eval loss (mean ± sd) | vs best fixed / seed noise | saving vs scratch (mean) |")
            print("|---|---|---|---|")
            for n, v in finals.items():
                sd = statistics.stdev(v) if len(v) > 1 else float("nan")
                gap = (statistics.fmean(v) - statistics.fmean(fixed[best])) / noise
                print(f"| {n} | {statistics.fmean(v):.4f} ± {sd:.4f} | {gap:+.2f} | {statistics.fmean(savings[n]):+.0%} |")
            print()
            for i, r in enumerate(runs):
                picks = ", ".join(
                    f"{s['depth']}: {s['selection']['winner']} (k {s['selection']['lag']}"
                    + (", prior" if s["selection"].get("tieBreak", {}).get("rule") == "prior" else "")
                    + ")"
                    for s in r["stages"])
                print(f"- seed {r['config'].get('seed')}: {picks}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/stack-bench")
