#!/usr/bin/env python3
"""Prints RESULTS.md's old-and-new-operators tables from tools/operators_bench.sh's studies: per
operator, the held-out loss at growth, after the lag (10% of the stage) and at the end, each the mean
over the seed replicas, and the final loss's distance from the best operator in units of the study's
seed noise (the operator-by-seed interaction lag reports with every study).

    python3 tools/operators_table.py runs/operators-bench
"""
import json
import pathlib
import statistics
import sys

NEW = {"copy-zero", "stack-top(freeze=40)", "random-new(ramp=40)", "zero-new(ramp=40)"}


def evals(metrics):
    """{(candidate, replica): {step: evalLoss}} from a study's metrics.jsonl."""
    out = {}
    for line in metrics.read_text().splitlines():
        r = json.loads(line)
        if "evalLoss" in r:
            out.setdefault((r["candidate"], r.get("replica", 0)), {})[r["step"]] = r["evalLoss"]
    return out


def table(study_dir, lag):
    study = json.loads((study_dir / "study.json").read_text())
    curves = evals(study_dir / "metrics.jsonl")
    final = study["finalStep"]
    noise = study["seedNoise"]
    finals = {c: statistics.mean(v) for c, v in study["finalsByReplica"].items()}
    best = min(finals.values())
    replicas = study["replicas"]
    print(f"{study['sourceLayers']} -> {study['targetLayers']} layers, {final}-step stage,"
          f" {replicas} replicas, seed noise {noise:.4f}, best {study['best']}\n")
    print(f"| operator | new | at growth | after {lag} steps | final | final vs best (seed-noise SDs) |")
    print("|---|---|---|---|---|---|")
    for c in sorted(finals, key=finals.get):
        at = lambda k: statistics.mean(curves[(c, r)][k] for r in range(replicas))
        print(f"| {c} | {'yes' if c in NEW else ''} | {at(0):.4f} | {at(lag):.4f} | {finals[c]:.4f} |"
              f" {(finals[c] - best) / noise:+.2f} |")
    print()


def main(root):
    root = pathlib.Path(root)
    for name in ("embedded-2to4", "embedded-4to8"):
        if (root / name / "study" / "study.json").exists():
            table(root / name / "study", 40)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/operators-bench")
