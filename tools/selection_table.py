#!/usr/bin/env python3
"""Prints RESULTS.md's selection-quality tables from `lag bench selection --json FILE`: every
scorer at every lag and every policy, with the studies side by side.

    python3 tools/selection_table.py runs/selection-bench/selection.json
"""
import json
import pathlib
import sys


def rho(c):
    if c.get("value") is None:
        return "n/a"
    if c.get("ciLow") is None:
        return f"{c['value']:+.2f}"
    return f"{c['value']:+.2f} [{c['ciLow']:+.2f}, {c['ciHigh']:+.2f}]"


def main(path):
    figures = json.loads(pathlib.Path(path).read_text())
    names = [pathlib.Path(f["study"]).parent.name for f in figures]
    stage = figures[0]["finalStep"]
    print("Scorers at fixed lags: Spearman [95% CI] / top-1 / regret in seed noise; selection FLOPs"
          " in stages of one candidate (one replica, every candidate to the lag, probes included).\n")
    print("| scorer | lag | " + " | ".join(names) + " | FLOPs |")
    print("|---|---|" + "---|" * len(names) + "---|")
    for i, r0 in enumerate(figures[0]["scorers"]):
        cells = []
        for f in figures:
            r = next(x for x in f["scorers"] if x["scorer"] == r0["scorer"] and x["lag"] == r0["lag"])
            cells.append(f"{rho(r['spearman'])} / {r['top1']:.2f} / {r['regret']:.2f}")
        print(f"| {r0['scorer']} | {r0['lag']} ({100 * r0['lag'] / stage:.0f}%) | "
              + " | ".join(cells) + f" | {r0['cost']:.2f} |")
    print("\nPolicies replayed on each replica's runs: mean lag / top-1 / regret in seed noise /"
          " selection FLOPs (of which overhead).\n")
    print("| policy | scorer | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for i, r0 in enumerate(figures[0]["policies"]):
        cells = []
        for f in figures:
            r = f["policies"][i]
            cells.append(f"{r['lag']:.0f} / {r['top1']:.2f} / {r['regret']:.2f} / "
                         f"{r['cost']:.2f} ({r['overhead']:.2f})")
        print(f"| {r0['policy']} | {r0['scorer']} | " + " | ".join(cells) + " |")
    print()
    for f, n in zip(figures, names):
        print(f"- {n}: {f['candidates']} candidates x {f['replicas']} replicas, seed noise"
              f" {f['seedNoise']:.4f}, best {f['best']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/selection-bench/selection.json")
