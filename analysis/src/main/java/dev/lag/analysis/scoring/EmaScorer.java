package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;

/**
 * Exponential moving average up to k with a half-life in steps: smooths batch noise at the price of
 * lagging a falling curve. Its uncertainty is the noise of one reading scaled by the EMA's variance
 * reduction.
 */
public record EmaScorer(Metric metric, double halfLife) implements Scorer {
  @Override
  public String name() {
    return "ema";
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Trajectory.Series s = t.seriesUpTo(metric, k);
    if (s.size() == 0 || t.diverged()) {
      return Prediction.NONE;
    }
    double keep = Math.pow(0.5, 1 / halfLife);
    double shrink = Math.sqrt((1 - keep) / (1 + keep));
    return new Prediction(t.ema(metric, k, halfLife), Noise.perReading(s, 20) * shrink);
  }
}
