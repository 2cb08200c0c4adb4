package dev.lag.analysis.scoring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reading noise that selections fall back on for logs without per-batch losses, checked where
 * the truth is known: power-law learning curves, read right after growth (steep) and late (flat),
 * with Gaussian noise of a known standard deviation, 200 curves a setting. It requires the median
 * estimate within 15% of the truth and at least 95% of estimates within 1.5x, except a noise of
 * 0.002 on a steep curve, where the estimate may only err high (see below).
 */
class NoiseTest {
  @Test
  void theReadingNoiseIsWithinAFactorOfOneAndAHalfOfTheTruth() {
    SplittableRandom seeds = new SplittableRandom(7);
    for (double sigma : new double[] {0.002, 0.01, 0.05}) {
      for (long steps : new long[] {30, 300}) {
        double[] ratios = new double[200];
        for (int i = 0; i < ratios.length; i++) {
          Trajectory t =
              Synthetic.curve(
                  "c", 1 + 2 * seeds.nextDouble(), 0.3, 1.5, sigma, steps, seeds.nextLong());
          ratios[i] = Noise.perReading(t.series(Metric.TRAIN_LOSS), 20) / sigma;
        }
        Arrays.sort(ratios);
        double median = ratios[ratios.length / 2];
        long within = Arrays.stream(ratios).filter(r -> r >= 1 / 1.5 && r <= 1.5).count();
        String what = "sigma " + sigma + ", " + steps + " steps: median ratio " + median;
        if (sigma < 0.005 && steps < 100) {
          // Known limit: 20 readings of a steep curve bend more than a quadratic follows, and a
          // noise this small is below that misfit (median 1.53x here). The estimate errs high:
          // toward calling candidates tied, never toward a confidence the data do not have.
          assertTrue(median > 1 && median < 2.5, what);
          continue;
        }
        assertTrue(median > 1 / 1.15 && median < 1.15, what);
        assertTrue(within >= 0.95 * ratios.length, what + ", " + within + " of 200 within 1.5x");
      }
    }
  }
}
