package dev.lag.analysis.stats;

/**
 * A correlation with its significance and uncertainty. When it cannot be computed (fewer than three
 * candidates, or all scores equal) the value is NaN and {@code undefinedReason} says why.
 *
 * @param value the coefficient, or NaN
 * @param pValue two-sided p-value under independence, or NaN
 * @param ciLow lower end of the bootstrap confidence interval, or NaN
 * @param ciHigh upper end of the bootstrap confidence interval, or NaN
 * @param undefinedReason why the value is NaN; empty when defined
 */
public record Correlation(
    double value, double pValue, double ciLow, double ciHigh, String undefinedReason) {

  /** An undefined correlation with its reason. */
  public static Correlation undefined(String reason) {
    return new Correlation(Double.NaN, Double.NaN, Double.NaN, Double.NaN, reason);
  }

  /** Whether the coefficient exists. */
  public boolean defined() {
    return undefinedReason.isEmpty();
  }
}
