package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;

/**
 * Mean of the values logged in the last {@code window} steps up to k. Its evidence is those values
 * (candidates that logged the same steps compare step by step); its {@code stdError} is the noise
 * of one reading over the square root of their number.
 */
public record TrailingMeanScorer(Metric metric, long window) implements Scorer {
  @Override
  public String name() {
    return "mean";
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Trajectory.Series s = t.seriesUpTo(metric, k);
    if (s.size() == 0 || t.diverged()) {
      return Prediction.NONE;
    }
    int n = 0;
    for (int i = s.size() - 1; i >= 0 && s.steps()[i] > k - window; i--) {
      n++;
    }
    double[] values = java.util.Arrays.copyOfRange(s.values(), s.size() - n, s.size());
    return Prediction.withEvidence(
        t.trailingMean(metric, k, window),
        Noise.perReading(s, 20) / Math.sqrt(Math.max(1, n)),
        BatchLosses.of(values));
  }
}
