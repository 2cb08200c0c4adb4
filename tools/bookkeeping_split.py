"""Sorts Java Flight Recorder samples of a lag run into where its time went.

    python3 tools/bookkeeping_split.py SAMPLES.json [WALL_SECONDS]

SAMPLES.json is `jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample`. A sample
counts for a category by its stack: a pick's calibrated confidence by any frame of it (the track
record apart); bookkeeping by the innermost frame that does bookkeeping work
(hashing, encoding, JSON, file writes, fsync, the selection's history and ranking); otherwise by
the outermost phase it is in (evaluation, then training steps, then growth). Threads parked in
native code outside the engine (waiting on a socket or a lock) are idle, not work, and are dropped.
"""
import json
import sys

BOOKKEEPING = [
    ("bookkeeping: task hashing and snapshot encoding",
     ("java.security.MessageDigest", "sun.security.provider", "dev.lag.selector.runners.TaskBytes",
      "dev.lag.selector.runners.TaskCache", "dev.lag.trainer.checkpoint.")),
    ("bookkeeping: JSON and record files",
     ("com.fasterxml.jackson", "dev.lag.analysis.io.", "dev.lag.selector.RecordingTrainer",
      "java.io.FileOutputStream", "sun.nio.ch.FileChannelImpl", "sun.nio.ch.FileDispatcherImpl")),
    ("bookkeeping: selection history and ranking",
     ("dev.lag.selector.SelectionSession", "dev.lag.selector.SelectionHistory",
      "dev.lag.selector.Ranking", "dev.lag.selector.SelectionCost", "dev.lag.selector.policy.",
      "dev.lag.analysis.trajectory.Trajectory", "dev.lag.analysis.stats.")),
]
# The calibrated confidence of a pick (issue 25) is sorted by the outermost of its frames, as a
# phase is: the fits it runs call the statistics and scorers every other category shares. The
# track record (each regime study picked by a calibration fitted without it) is told apart from the
# calibration the pick itself needs.
CONFIDENCE = [
    ("confidence: track record", ("dev.lag.analysis.confidence.BankCalibration.trackRecord",
                                  "dev.lag.analysis.confidence.BankCalibration.priorOnlyTrackRecord")),
    ("confidence: calibration on the bank", ("dev.lag.analysis.confidence.",
                                             "dev.lag.selector.PickConfidence")),
]
PHASES = [
    ("evaluation", ("dev.lag.trainer.train.Evaluator", "dev.lag.trainer.primitives.")),
    ("training steps", ("dev.lag.trainer.train.TrainingLoop", "dev.lag.trainer.batch.",
                        "dev.lag.trainer.optim.", "dev.lag.trainer.model.")),
    ("growth", ("dev.lag.strategies.",)),
]


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    for f in trace.get("frames", []):
        m = f.get("method") or {}
        yield ((m.get("type") or {}).get("name", "") + "." + m.get("name", "")).replace("/", ".")


def category(event):
    stack = list(frames(event))  # innermost first
    native = event["type"] == "jdk.NativeMethodSample"
    in_engine = any(f.startswith("ai.djl") for f in stack)
    for name, markers in CONFIDENCE:
        if any(f.startswith(markers) for f in stack):
            return name
    for f in stack:
        for name, markers in BOOKKEEPING:
            if f.startswith(markers):
                return name
    for name, markers in PHASES:
        if any(f.startswith(markers) for f in stack):
            return name
    if native and not in_engine:
        return None  # parked: waiting is not work
    return "start-up, data and other"


def main():
    with open(sys.argv[1]) as f:
        events = json.load(f)["recording"]["events"]
    counts = {}
    for e in events:
        c = category(e)
        if c is not None:
            counts[c] = counts.get(c, 0) + 1
    total = sum(counts.values())
    wall = float(sys.argv[2]) if len(sys.argv) > 2 else float("nan")
    print(f"{total} samples of working threads; wall time {wall:.1f} s")
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<50} {n:>7} {100 * n / total:6.2f}%")
    book = sum(n for name, n in counts.items() if name.startswith("bookkeeping"))
    print(f"bookkeeping in all: {100 * book / total:.2f}% of the working samples (goal <= 2%)")
    conf = sum(n for name, n in counts.items() if name.startswith("confidence"))
    record = counts.get("confidence: track record", 0)
    print(f"confidence in all: {100 * conf / total:.2f}% of the working samples, the track record"
          f" {100 * record / total:.2f}% ({record / conf if conf else float('nan'):.2f} of it)")


if __name__ == "__main__":
    main()
