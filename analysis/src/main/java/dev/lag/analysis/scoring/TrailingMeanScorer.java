package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;

/** Mean of the values logged in the last {@code window} steps up to k, with its standard error. */
public record TrailingMeanScorer(Metric metric, long window) implements Scorer {
  @Override
  public String name() {
    return "mean";
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Trajectory.Series s = t.upTo(k).series(metric);
    if (s.size() == 0 || t.diverged()) {
      return Prediction.NONE;
    }
    int n = 0;
    for (int i = s.size() - 1; i >= 0 && s.steps()[i] > k - window; i--) {
      n++;
    }
    return new Prediction(
        t.trailingMean(metric, k, window), Noise.perReading(s, 20) / Math.sqrt(Math.max(1, n)));
  }
}
