"""Compares two lag run folders field by field, less when and where they ran; exit 1 on a difference.

    python3 tools/same_records.py RUN_A RUN_B [LABEL [HOME_A HOME_B]]

HOME_A and HOME_B are the lag installations that made them: a record that names a file of its own
installation (the shipped bank/) names it as LAG_HOME on both sides.
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


def records(run, home=None):
    def read(name):
        with open(f"{run}/{name}") as f:
            text = f.read()
        return text.replace(home.rstrip("/"), "LAG_HOME") if home else text

    selection = json.loads(read("selection.json"))
    record = json.loads(read("run.json"))
    metrics = [json.loads(line) for line in read("metrics.jsonl").splitlines()]
    return {"selection.json": selection, "run.json": record, "metrics.jsonl": metrics}


def main():
    homes = sys.argv[4:6] if len(sys.argv) > 5 else [None, None]
    a, b = records(sys.argv[1], homes[0]), records(sys.argv[2], homes[1])
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
