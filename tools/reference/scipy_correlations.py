#!/usr/bin/env python3
"""Writes the scipy reference values that analysis/src/test checks lag's statistics against.

    /usr/bin/python3 tools/reference/scipy_correlations.py > analysis/src/test/resources/scipy/correlations.json

Needs Debian's python3-scipy. The numbers are committed; the tests never run scipy.
"""
import itertools
import json
import sys

import numpy as np
import scipy
import scipy.stats as st

rng = np.random.default_rng(7)
cases = []


def add(name, x, y):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    c = {"name": name, "x": x, "y": y}
    r = st.spearmanr(x, y)
    c["spearman"], c["spearmanP"] = float(r.correlation), float(r.pvalue)
    k = st.kendalltau(x, y, variant="b", method="asymptotic")
    c["kendall"], c["kendallP"] = float(k.correlation), float(k.pvalue)
    p = st.pearsonr(x, y)
    c["pearson"], c["pearsonP"] = float(p[0]), float(p[1])
    if len(x) <= 7:
        # Exact permutation p-values by brute force over all pairings, scipy's statistic on each,
        # two-sided as scipy.stats.permutation_test defines it: min(1, 2 min(P(T<=t), P(T>=t))).
        for key, f in [("spearman", lambda a, b: st.spearmanr(a, b).correlation),
                       ("kendall", lambda a, b: st.kendalltau(a, b).correlation),
                       ("pearson", lambda a, b: st.pearsonr(a, b)[0])]:
            t0 = f(x, y)
            tol = 1e-9 * max(1.0, abs(t0))
            null = [f(x, [y[i] for i in perm]) for perm in itertools.permutations(range(len(y)))]
            less = sum(t <= t0 + tol for t in null)
            greater = sum(t >= t0 - tol for t in null)
            c[key + "ExactP"] = min(1.0, 2.0 * min(less, greater) / len(null))
    cases.append(c)


add("n5-no-ties", [2.31, 2.40, 2.29, 2.55, 2.47], [1.90, 1.93, 1.91, 1.99, 1.92])
add("n7-pilot-k50", [2.286, 2.281, 2.283, 2.292, 2.295, 2.306, 2.305],
    [1.900, 1.899, 1.899, 1.905, 1.905, 1.916, 1.914])
add("n7-ties-both", [1, 2, 2, 3, 4, 4, 5], [3, 1, 2, 2, 5, 4, 4])
add("n6-reversed", list(range(6)), list(range(6))[::-1])
add("n9-random", rng.normal(size=9).round(4), rng.normal(size=9).round(4))
add("n12-random", rng.normal(size=12).round(4), rng.normal(size=12).round(4))
x = rng.normal(size=15).round(3)
add("n15-correlated", x, (x + rng.normal(size=15) * 0.5).round(3))
add("n20-ties", rng.integers(0, 5, size=20), rng.integers(0, 5, size=20))
json.dump({"generatedWith": f"scipy {scipy.__version__}, numpy {np.__version__}", "cases": cases},
          sys.stdout, indent=1)
