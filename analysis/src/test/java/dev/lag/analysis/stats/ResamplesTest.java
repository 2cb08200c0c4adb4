package dev.lag.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplesTest {
  /**
   * A resample scored from its counts equals the statistic of the same resample written out as
   * arrays, with and without ties in the original vectors (levels: how many distinct values).
   */
  @ParameterizedTest
  @ValueSource(ints = {3, 5, 1000})
  void countsGiveTheStatisticOfTheWrittenOutResample(int levels) {
    SplittableRandom random = new SplittableRandom(levels);
    int checked = 0;
    for (int trial = 0; trial < 200; trial++) {
      int n = 3 + random.nextInt(40);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextInt(levels) * 0.1;
        y[i] = 0.5 * x[i] + random.nextInt(levels) * 0.07;
      }
      Resamples resamples = new Resamples(x, y);
      int[] counts = new int[n];
      double[] bx = new double[n];
      double[] by = new double[n];
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        counts[j]++;
        bx[i] = x[j];
        by[i] = y[j];
      }
      for (RankStatistic s : RankStatistic.values()) {
        double fromCounts = resamples.compute(s, counts);
        if (constant(bx) || constant(by)) {
          assertTrue(Double.isNaN(fromCounts), s + " of a constant resample: " + fromCounts);
          continue;
        }
        double written = s.compute(bx, by);
        if (s == RankStatistic.PEARSON) {
          assertEquals(written, fromCounts, 1e-12, s + " trial " + trial);
        } else {
          assertEquals(written, fromCounts, 0.0, s + " trial " + trial);
        }
        checked++;
      }
    }
    assertTrue(checked > 300, "too few resamples had a defined statistic: " + checked);
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
