package dev.lag.analysis.scoring;

/**
 * A scorer's estimate of a candidate's final loss (lower is better).
 *
 * @param value the estimate; NaN when nothing could be estimated (no data, a diverged run)
 * @param stdError its standard error where the scorer has one, else NaN
 */
public record Prediction(double value, double stdError) {
  /** No estimate. */
  public static final Prediction NONE = new Prediction(Double.NaN, Double.NaN);
}
