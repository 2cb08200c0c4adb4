package dev.lag.analysis.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Agreement between a score at some step and the final score across K candidates: the coefficient,
 * a two-sided p-value (exact permutation test for K up to {@value #EXACT_MAX}, asymptotic above)
 * and a seeded percentile-bootstrap confidence interval over candidates.
 */
public final class RankAgreement {
  /** Largest K for which every permutation is enumerated (9! = 362,880). */
  public static final int EXACT_MAX = 9;

  private final int bootstrapSamples;
  private final double confidence;
  private final long seed;

  /**
   * @param bootstrapSamples resamples for the confidence interval (0: no interval)
   * @param confidence coverage of the interval, e.g. 0.95
   * @param seed bootstrap seed
   */
  public RankAgreement(int bootstrapSamples, double confidence, long seed) {
    this.bootstrapSamples = bootstrapSamples;
    this.confidence = confidence;
    this.seed = seed;
  }

  /** 1,000 bootstrap resamples, 95% interval. */
  public static RankAgreement standard(long seed) {
    return new RankAgreement(1000, 0.95, seed);
  }

  /**
   * The statistic between {@code x} and {@code y} (same length, finite values), with its interval.
   */
  public Correlation of(RankStatistic statistic, double[] x, double[] y) {
    return of(statistic, x, y, true);
  }

  /**
   * The statistic between {@code x} and {@code y}; the bootstrap interval only when {@code
   * withInterval} (it dominates the cost on large pools).
   */
  public Correlation of(RankStatistic statistic, double[] x, double[] y, boolean withInterval) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
    }
    if (x.length < 3) {
      return Correlation.undefined("needs at least 3 candidates, got " + x.length);
    }
    if (constant(x) || constant(y)) {
      return Correlation.undefined(
          "all " + (constant(x) ? "scores" : "final values") + " are equal");
    }
    double value = statistic.compute(x, y);
    double p =
        x.length <= EXACT_MAX
            ? permutationP(statistic, x, y, value)
            : statistic.asymptoticP(value, x, y);
    double[] ci = withInterval ? bootstrap(statistic, x, y) : new double[] {Double.NaN, Double.NaN};
    return new Correlation(value, p, ci[0], ci[1], "");
  }

  /**
   * Exact two-sided permutation p-value: every pairing of x with a permutation of y is equally
   * likely under independence; p = min(1, 2 min(P(T <= t), P(T >= t))), as scipy's permutation_test
   * defines it.
   *
   * <p>Under a permutation of y, each statistic is an increasing affine function of a plain sum
   * (Pearson: sum x_i y_p(i); Spearman: the same on average ranks; Kendall tau-b: the sum of
   * pairwise sign products, its tie-corrected denominator being invariant), so the test compares
   * those sums: 9! permutations take milliseconds instead of seconds.
   */
  static double permutationP(RankStatistic statistic, double[] x, double[] y, double observed) {
    int n = y.length;
    PermutationSum sum = PermutationSum.of(statistic, x, y);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    double t0 = sum.at(perm);
    double tolerance = 1e-9 * Math.max(1, Math.abs(t0));
    long less = 0;
    long greater = 0;
    long total = 0;
    int[] c = new int[n];
    do {
      double t = sum.at(perm);
      total++;
      if (t <= t0 + tolerance) {
        less++;
      }
      if (t >= t0 - tolerance) {
        greater++;
      }
    } while (nextPermutation(perm, c));
    return Math.min(1.0, 2.0 * Math.min(less, greater) / total);
  }

  /** The sum that orders a statistic's values over permutations of y. */
  private interface PermutationSum {
    double at(int[] perm);

    static PermutationSum of(RankStatistic statistic, double[] x, double[] y) {
      switch (statistic) {
        case KENDALL -> {
          int n = x.length;
          double[][] sx = new double[n][n];
          double[][] sy = new double[n][n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              sx[i][j] = Math.signum(x[i] - x[j]);
              sy[i][j] = Math.signum(y[i] - y[j]);
            }
          }
          return perm -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
              for (int j = i + 1; j < n; j++) {
                s += sx[i][j] * sy[perm[i]][perm[j]];
              }
            }
            return s;
          };
        }
        case SPEARMAN -> {
          NaturalRanking ranking = new NaturalRanking(TiesStrategy.AVERAGE);
          return dot(ranking.rank(x), ranking.rank(y));
        }
        default -> {
          return dot(x, y);
        }
      }
    }

    private static PermutationSum dot(double[] a, double[] b) {
      return perm -> {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
          s += a[i] * b[perm[i]];
        }
        return s;
      };
    }
  }

  private static boolean nextPermutation(int[] a, int[] c) {
    int i = 1;
    while (i < a.length) {
      if (c[i] < i) {
        int j = (i % 2 == 0) ? 0 : c[i];
        int tmp = a[j];
        a[j] = a[i];
        a[i] = tmp;
        c[i]++;
        return true;
      }
      c[i] = 0;
      i++;
    }
    return false;
  }

  /**
   * Percentile bootstrap over candidates. Resample b draws from its own stream (seed, b), so the
   * interval is the same whatever the thread count; resamples run in parallel and are scored as
   * counts per candidate ({@link Resamples}), because on large pools they dominate the cost of a
   * lag point.
   */
  private double[] bootstrap(RankStatistic statistic, double[] x, double[] y) {
    if (bootstrapSamples <= 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int n = x.length;
    Resamples resamples = new Resamples(x, y);
    double[] values =
        IntStream.range(0, bootstrapSamples)
            .parallel()
            .mapToDouble(
                b -> {
                  SplittableRandom random = new SplittableRandom(seed * 1_000_003L + b);
                  int[] counts = new int[n];
                  for (int i = 0; i < n; i++) {
                    counts[random.nextInt(n)]++;
                  }
                  // A resample of one repeated candidate, or of candidates tied in x or in y, has
                  // no correlation (NaN), and is left out.
                  return resamples.compute(statistic, counts);
                })
            .filter(Double::isFinite)
            .toArray();
    if (values.length < 10) {
      return new double[] {Double.NaN, Double.NaN};
    }
    Arrays.sort(values);
    double alpha = (1 - confidence) / 2;
    return new double[] {quantile(values, alpha), quantile(values, 1 - alpha)};
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static boolean constant(double[] v) {
    for (double d : v) {
      if (d != v[0]) {
        return false;
      }
    }
    return true;
  }
}
