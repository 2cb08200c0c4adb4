#!/usr/bin/env python3
"""The `prior` policy's order: each operator's mean final rank over a bank's studies, as
StudyBank.meanFinalRanks computes it (replica-averaged finals, ties sharing their mean rank),
printed on the 1..K scale of a K-operator study; optionally without named studies.

    python3 tools/mean_ranks.py [BANK_DIR] [--without NAME,NAME,...]
"""
import collections
import glob
import gzip
import json
import sys


def main(bank, without):
    sums = collections.defaultdict(float)
    counts = collections.defaultdict(int)
    k = 0
    for path in sorted(glob.glob(f"{bank}/*.jsonl.gz")):
        name = path.split("/")[-1][: -len(".jsonl.gz")]
        if name in without:
            continue
        study = json.loads(gzip.open(path, "rt").readline())["study"]
        means = {c: sum(v) / len(v) for c, v in study["finalsByReplica"].items()}
        n = len(means)
        k = max(k, n)
        for c, v in means.items():
            below = sum(1 for o in means.values() if o < v)
            equal = sum(1 for o in means.values() if o == v)
            sums[c] += (below + (equal - 1) / 2) / (n - 1)
            counts[c] += 1
    studies = max(counts.values())
    print(f"{studies} studies; mean final rank, 1 = best of {k}")
    for c in sorted(sums, key=lambda c: sums[c] / counts[c]):
        print(f"{c:14s} {1 + (k - 1) * sums[c] / counts[c]:.2f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    without = set()
    if "--without" in args:
        i = args.index("--without")
        without = set(args[i + 1].split(","))
        del args[i : i + 2]
    main(args[0] if args else "bank", without)
