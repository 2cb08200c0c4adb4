"""Compares two lag run folders field by field, less when and where they ran; exit 1 on a difference.

    python3 tools/same_records.py RUN_A RUN_B [LABEL]
"""
import json
import sys

WHEN_AND_WHERE = {".compute.seconds", ".provenance.createdAt", ".provenance.gitCommit"}


def differences(a, b, path=""):
    if path in WHEN_AND_WHERE:
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [(path, a, b)]


def records(run):
    with open(f"{run}/selection.json") as f:
        selection = json.load(f)
    with open(f"{run}/run.json") as f:
        record = json.load(f)
    with open(f"{run}/metrics.jsonl") as f:
        metrics = [json.loads(line) for line in f]
    return {"selection.json": selection, "run.json": record, "metrics.jsonl": metrics}


def main():
    a, b = records(sys.argv[1]), records(sys.argv[2])
    label = sys.argv[3] if len(sys.argv) > 3 else sys.argv[2]
    found = 0
    for name in a:
        diff = differences(a[name], b[name])
        found += len(diff)
        for path, x, y in diff[:10]:
            print(f"{label}: {name}{path}: {str(x)[:60]} != {str(y)[:60]}")
    lines = len(a["metrics.jsonl"])
    winner = a["selection.json"].get("winner")
    print(f"{label}: {'same' if found == 0 else f'{found} differences'}"
          f" (winner {winner}, {lines} metrics lines)")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
