#!/usr/bin/env python3
"""Prints RESULTS.md's adaptive-stacking tables from the records of tools/stack_bench.sh.

For every config and corpus: each schedule's final validation loss (mean over seeds), its distance
to the best fixed operator paired by seed, its FLOP saving against training the last depth from
scratch per seed (selection overhead included; "never" when it does not reach the scratch loss),
and LAG's picks per stage and seed. Runs of other policies without baselines (seedN-POLICY folders) are measured
against the baselines of the same seed. Seed noise is the spread across seeds of the
fixed-operator schedules' final losses after centring each seed on its mean over them (the
schedule-by-seed interaction, RMS over schedules): a shift common to every schedule changes no
ranking and is not counted. Distances to the best fixed operator are given in those units.

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


def lag_path(run_dir):
    """(step-ordered) eval points of the adaptive schedule: [(flops, evalLoss)]."""
    points = []
    for line in (run_dir / "metrics.jsonl").read_text().splitlines():
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if d.get("candidate") == "lag" and d.get("evalLoss") is not None:
            points.append((d["flops"], d["evalLoss"]))
    return points


def variant(run_dir, base):
    """A run without baselines, measured against the scratch model of its seed's base run."""
    record = json.loads((run_dir / "stack.json").read_text())
    lag = record["contenders"][0]
    scratch = next(c for c in base["contenders"] if c["name"] == "scratch")
    reached = next((f for f, e in lag_path(run_dir) if e <= base["scratchFinalLoss"]), None)
    saving = float("nan") if reached is None else 1 - (reached + lag["overheadFlops"]) / scratch["flops"]
    return lag["finalEvalLoss"], saving, record


def picks(record):
    out = []
    for s in record["stages"]:
        sel = s["selection"]
        prior = sel.get("tieBreak", {}).get("rule") == "prior"
        out.append(f"{s['depth']}: {sel['winner']} (k {sel['lag']}{', prior' if prior else ''})")
    return ", ".join(out)


def main(root):
    root = pathlib.Path(root)
    for config_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for corpus_dir in sorted(p for p in config_dir.iterdir() if p.is_dir()):
            bases = sorted(p for p in corpus_dir.glob("seed*") if "-" not in p.name)
            runs = [(p, json.loads((p / "stack.json").read_text())) for p in bases
                    if (p / "stack.json").exists()]
            if not runs:
                continue
            finals, savings = {}, {}  # name -> {seed: value}
            lines = []
            for path, r in runs:
                policy = r["config"]["policy"]
                seed = r["config"]["seed"]
                for c in r["contenders"]:
                    name = f"lag: {policy}" if c["name"] == "lag" else c["name"]
                    finals.setdefault(name, {})[seed] = c["finalEvalLoss"]
                    savings.setdefault(name, {})[seed] = (
                        c["savingVsScratch"] if c.get("savingVsScratch") is not None else float("nan"))
                lines.append(f"- seed {seed}, {policy}: {picks(r)}")
                for v in sorted(corpus_dir.glob(path.name + "-*")):
                    if (v / "stack.json").exists():
                        final, saving, record = variant(v, r)
                        name = f"lag: {record['config']['policy']}"
                        finals.setdefault(name, {})[seed] = final
                        savings.setdefault(name, {})[seed] = saving
                        lines.append(f"- seed {seed}, {record['config']['policy']}: {picks(record)}")
            seeds = sorted(r["config"]["seed"] for _, r in runs)
            fixed = {n: [v[s] for s in seeds] for n, v in finals.items() if n.startswith("fixed:")}
            noise = seed_noise(fixed)
            best = min(fixed, key=lambda n: statistics.fmean(fixed[n]))
            print(f"\n### {config_dir.name}, {corpus_dir.name} ({len(runs)} seeds: "
                  f"{', '.join(map(str, seeds))})\n")
            print(f"Seed noise {noise:.4f}; best fixed operator {best}.\n")
            print("| schedule | seeds | final eval loss (mean ± sd) | vs best fixed, in seed noise "
                  "(paired by seed) | saving vs scratch, per seed |")
            print("|---|---|---|---|---|")
            for n, per_seed in finals.items():
                v = list(per_seed.values())
                sd = statistics.stdev(v) if len(v) > 1 else float("nan")
                gap = statistics.fmean(per_seed[s] - finals[best][s] for s in per_seed) / noise
                saved = ", ".join(
                    f"{s}: " + ("never" if math.isnan(savings[n][s]) else f"{savings[n][s]:+.0%}")
                    for s in sorted(per_seed))
                print(f"| {n} | {len(v)} | {statistics.fmean(v):.4f} ± {sd:.4f} | {gap:+.2f} | "
                      f"{saved} |")
            print("\nPicks per stage (depth: winner, lag):\n")
            print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/stack-bench")
