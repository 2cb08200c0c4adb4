#!/usr/bin/env python3
"""The rule of RESULTS.md recomputed from `lag bench selection --horizon --json F`, optionally
without some study-pools: a sensitivity reading (descriptive, never a rule: the rule takes every
study). Eligible = affordable (overhead <= 0.3 stages of one candidate) on every study-pool judged;
then the lowest worst regret, and within 0.10 of it the lowest mean, as the benchmark chooses
(its hysteresis, which keeps a current default within 0.10 at worst or 0.05 on average, is not
applied here).

    python3 tools/rule_table.py runs/pools/bench38.json [--without STUDY-POOL ...] [--top N]
"""
import sys
from collections import defaultdict
import json

BUDGET = 0.3


def main(path, without, top):
    entries = [e for e in json.load(open(path))["horizon"]["ruleEntries"] if e["study"] not in without]
    by = defaultdict(list)
    for e in entries:
        by[e["policy"]].append(e)
    judged = len({e["study"] for e in entries})
    rows = []
    for policy, es in by.items():
        if len(es) == judged and all(e["overhead"] <= BUDGET + 1e-9 for e in es):
            regrets = [e["regret"] for e in es]
            rows.append((max(regrets), sum(regrets) / len(regrets), policy))
    rows.sort()
    best = min(r[0] for r in rows)
    chosen = min((r for r in rows if r[0] <= best + 0.1), key=lambda r: r[1])
    print(f"{judged} study-pools" + (f", without {', '.join(without)}" if without else ""))
    print("| policy | worst regret | mean regret |")
    print("|---|---|---|")
    for worst, mean, policy in rows[:top]:
        print(f"| {policy} | {worst:.2f} | {mean:.3f} |")
    print(f"chosen by the rule: {chosen[2]}")


if __name__ == "__main__":
    args = sys.argv[1:]
    without, top = [], 5
    while "--without" in args:
        i = args.index("--without")
        without.append(args[i + 1])
        del args[i:i + 2]
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    main(args[0], without, top)
