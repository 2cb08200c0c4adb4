package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;

/**
 * The last logged value at or before k: the plain LAG score ("loss after a short lag"). Its
 * uncertainty is the step-to-step noise of one reading.
 */
public record LastValueScorer(Metric metric) implements Scorer {
  @Override
  public String name() {
    return "last";
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Trajectory.Series s = t.upTo(k).series(metric);
    if (s.size() == 0 || t.diverged()) {
      return Prediction.NONE;
    }
    return new Prediction(s.values()[s.size() - 1], Noise.perReading(s, 20));
  }
}
