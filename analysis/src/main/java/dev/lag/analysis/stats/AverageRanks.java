package dev.lag.analysis.stats;

import java.util.Arrays;

/**
 * Average ranks (ties share the mean of their positions, 1-based), on primitive arrays. Equal to
 * Commons Math's {@code NaturalRanking(TiesStrategy.AVERAGE)} but allocation-light: the bootstrap
 * ranks a thousand resamples per lag point, where boxing dominated the time (measured: 240 ms per
 * lag point for 1,000 candidates, now a fraction of it).
 */
final class AverageRanks {
  private AverageRanks() {}

  static double[] of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] ranks = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      int first = lowerBound(sorted, values[i]);
      int last = lowerBound(sorted, Math.nextUp(values[i])) - 1;
      ranks[i] = (first + last) / 2.0 + 1;
    }
    return ranks;
  }

  private static int lowerBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Pearson's r of two vectors (NaN when one is constant). */
  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
