#!/usr/bin/env python3
"""Summarises the reliability of calibrated picks from `lag bench selection --horizon --json F`.

Per claim (P(best), P(within 1 seed-noise SD)): the bins `lag bench selection` prints (claims
binned by fifths), how many bins with >= 10 picks lie within 0.15 of their claim (issue 25's goal),
and the pick-weighted mean miss |claimed - observed| over the bins. Reads the JSON of any version,
including those that print no held-out reliability table. Every pick is made once per variant of the
calibration's fit (the bank read at the same step or at the same share of each study's stage,
`lags=fraction`; studies weighed equally or by regime, `weigh=regime`; the prior's weight one for
every study or varying between them, `prior=varying`, a candidate rejected on twenty-nine studies
whose picks bench29.json holds; the errors' spread that of the
held-out residuals or the one that made the held-out winners likeliest, `spread=likelihood`, a
candidate rejected in b048d6f whose picks some JSON files hold, or the held-out residuals of the
stage's own regime only, `spread=regime`; a
variant's scorer names end in its arguments); the picks summarised are those of the variant the rule
chose (`--fit default`, `--fit lags=fraction`, `--fit weigh=regime`, `--fit prior=varying`, `--fit spread=regime` or `--fit
'weigh=regime, spread=likelihood'` to ask for another).

Each observed share carries its 90% interval over resamples of the bin's study-pools (drawn whole,
with replacement; the same resampling as `lag bench selection`, not the same random draws).
`--by-stage` splits every table by the studies' stage length and counts the study-pools behind
each bin: picks of one study at several lags and replicas are not independent, so a bin's pick count
overstates its evidence (each bin also names the study-pool with most of its picks), and a table pooled over stage lengths can hide a regime it is wrong in.
`--by-evidence W` splits it instead by how much the fit at each pick's lag weighed the evidence
(|evidence weight| below W: picks the prior decides; at or above W: picks the evidence moved).

    python3 tools/reliability.py runs/pools/bench18.json [--held-out TEXT[,TEXT...]] [--fit weigh=regime] [--by-stage | --by-evidence 0.1]
"""
import json
import random
import sys

RESAMPLES = 2000


def cluster_interval(sel, truth, seed):
    """5th and 95th percentiles of the observed share over resamples of the bin's study-pools, each
    drawn whole (picks of one study are not independent); as `lag bench selection` prints them."""
    per = {}
    for p in sel:
        s = per.setdefault(p["study"], [0, 0])
        s[0] += 1
        s[1] += 1 if p[truth] else 0
    groups = list(per.values())
    rng = random.Random(seed)
    shares = []
    for _ in range(RESAMPLES):
        draw = [groups[rng.randrange(len(groups))] for _ in groups]
        shares.append(sum(g[1] for g in draw) / sum(g[0] for g in draw))
    shares.sort()
    return shares[int(0.05 * (RESAMPLES - 1))], shares[-(-95 * (RESAMPLES - 1) // 100)]

ARGUMENTS = ("lags=fraction", "weigh=regime", "prior=varying", "spread=likelihood", "spread=regime")


def fit_of(name):
    """The variant of the fit a policy's or scorer's name says (the default where it says none)."""
    found = [f for f in ARGUMENTS if f in (name or "")]
    return ", ".join(found) if found else "default"


def bins(picks, claim, truth):
    out = []
    for b in range(5):
        low, high = b / 5, (b + 1) / 5
        sel = [p for p in picks if p[claim] >= low and (p[claim] < high or (b == 4 and p[claim] <= 1))]
        if sel:
            claimed = sum(p[claim] for p in sel) / len(sel)
            observed = sum(1 for p in sel if p[truth]) / len(sel)
            lo, hi = cluster_interval(sel, truth, b)
            per = {}
            for p in sel:
                per[p["study"]] = per.get(p["study"], 0) + 1
            top = max(per, key=per.get)
            out.append((low, high, len(sel), claimed, observed, len(per), lo, hi, top, per[top]))
    return out


def main(path, held_out=None, fit=None, by_stage=False, by_evidence=None):
    data = json.load(open(path))
    horizon = data["horizon"]
    stage_of = {f["name"]: f["finalStep"] for f in data["studies"]}
    if fit is None:
        fit = fit_of(horizon.get("chosen"))
    picks = [p for p in horizon["picks"] if fit_of(p["scorer"]) == fit]
    print(f"calibration fitted as: {fit}")
    if held_out is not None:
        picks = [p for p in picks if any(h in p["study"] for h in held_out.split(","))]
    print(f"{len(picks)} picks" + (f" of studies whose name contains '{held_out}'" if held_out else ""))
    groups = {None: picks}
    if by_stage:
        groups = {}
        for p in picks:
            stage = stage_of[p["study"]]
            groups.setdefault((stage, f"stage of {stage} steps"), []).append(p)
    elif by_evidence is not None:
        groups = {}
        for p in picks:
            side = "below" if abs(p["evidenceWeight"]) < by_evidence else "at or above"
            groups.setdefault((side, f"evidence weighed {side} {by_evidence}"), []).append(p)
    for key in sorted(groups, key=lambda x: x or (0, "")):
        mine = groups[key]
        if key is not None:
            print(f"{key[1]}: {len(mine)} picks of {len({p['study'] for p in mine})} study-pools")
        for claim, truth, label in (("pBest", "best", "P(best)"), ("pWithin", "within", "P(within 1 SD)")):
            table = bins(mine, claim, truth)
            counted = [t for t in table if t[2] >= 10]
            within = sum(1 for t in counted if abs(t[3] - t[4]) <= 0.15)
            miss = sum(abs(t[3] - t[4]) * t[2] for t in table) / max(1, sum(t[2] for t in table))
            over = (sum(p[claim] for p in mine) - sum(1 for p in mine if p[truth])) / max(1, len(mine))
            print(f"{label}: {within} of {len(counted)} bins (>= 10 picks) within 0.15; mean miss {miss:.2f};"
                  f" mean claimed minus observed {over:+.2f}")
            inside = sum(1 for t in counted if t[6] <= t[3] <= t[7])
            print(f"  claim inside the observed share's 90% interval over study-pools: {inside} of {len(counted)} bins")
            for low, high, n, c, o, k, lo, hi, top, most in table:
                print(f"  {low:.1f}-{high:.1f}: {n} picks of {k} study-pools, claimed {c:.3f},"
                      f" observed {o:.3f} [{lo:.2f}, {hi:.2f}]; most of one: {most} ({top})")


if __name__ == "__main__":
    args = sys.argv[1:]
    held = None
    if "--held-out" in args:
        i = args.index("--held-out")
        held = args[i + 1]
        del args[i:i + 2]
    fit = None
    if "--fit" in args:
        i = args.index("--fit")
        fit = args[i + 1]
        del args[i:i + 2]
        if fit_of(fit) != fit:
            print(f"lag: error: --fit={fit}: default, or any of {', '.join(ARGUMENTS)} joined by ', '",
                  file=sys.stderr)
            sys.exit(2)
    by_stage = "--by-stage" in args
    if by_stage:
        args.remove("--by-stage")
    by_evidence = None
    if "--by-evidence" in args:
        i = args.index("--by-evidence")
        by_evidence = float(args[i + 1])
        del args[i:i + 2]
    main(args[0], held, fit, by_stage, by_evidence)
