package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;

/**
 * The last logged value at or before k: the plain LAG score ("loss after a short lag"). For the
 * held-out loss its evidence is that evaluation's per-batch losses; its {@code stdError} is the
 * noise of one reading around the recent curve ({@link Noise}).
 */
public record LastValueScorer(Metric metric) implements Scorer {
  @Override
  public String name() {
    return "last";
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Trajectory.Series s = t.seriesUpTo(metric, k);
    if (s.size() == 0 || t.diverged()) {
      return Prediction.NONE;
    }
    double value = s.values()[s.size() - 1];
    BatchLosses evidence =
        metric.equals(Metric.EVAL_LOSS) ? t.evalBatchesAt(k) : BatchLosses.of(value);
    return Prediction.withEvidence(value, Noise.perReading(s, 20), evidence);
  }
}
