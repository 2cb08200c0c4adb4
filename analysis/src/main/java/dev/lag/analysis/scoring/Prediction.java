package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.BatchLosses;

/**
 * A scorer's estimate of a candidate's final loss (lower is better).
 *
 * @param value the estimate; NaN when nothing could be estimated (no data, a diverged run)
 * @param stdError the noise of one reading of it where the scorer can estimate that (see the
 *     scorer), else NaN; a selection measures its uncertainty with paired evidence instead
 * @param evidence the values whose mean is {@code value} when it is one (the per-batch losses of an
 *     evaluation, the training losses of a window), so that candidates compare value by value;
 *     {@link BatchLosses#NONE} when the estimate is no such mean (a fit, an extrapolation)
 */
public record Prediction(double value, double stdError, BatchLosses evidence) {
  /** No estimate. */
  public static final Prediction NONE = new Prediction(Double.NaN, Double.NaN);

  /** Absent evidence is {@link BatchLosses#NONE}, never null. */
  public Prediction {
    evidence = evidence == null ? BatchLosses.NONE : evidence;
  }

  /** An estimate that is not the mean of shared values. */
  public Prediction(double value, double stdError) {
    this(value, stdError, BatchLosses.NONE);
  }

  /**
   * An estimate that is the mean of {@code values} when they are consistent with it, else one
   * without evidence.
   */
  static Prediction withEvidence(double value, double stdError, BatchLosses values) {
    boolean consistent =
        !values.isEmpty()
            && values.finite()
            && Math.abs(values.mean() - value) <= 1e-6 * Math.max(1, Math.abs(value));
    return new Prediction(value, stdError, consistent ? values : BatchLosses.NONE);
  }
}
