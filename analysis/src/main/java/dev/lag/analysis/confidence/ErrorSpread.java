package dev.lag.analysis.confidence;

/**
 * How the spread of a calibrated pick's errors is measured on the bank, from which its P(best) and
 * P(within one seed-noise SD) are counted.
 */
public enum ErrorSpread {
  /**
   * The root mean square of the held-out studies' residuals: how far a new study's finals land from
   * the prediction, on average over every candidate.
   */
  RESIDUALS,
  /**
   * The spread under which the held-out studies' picks were most likely to end as they did: the one
   * that maximises the log-probability the model gave each pick's observed best candidate ({@link
   * LikelihoodSpread}). The residuals are dominated by the bottom of the ranking, which is stable
   * across growth points; a P(best) claim is about the top, which is not, so a spread measured on
   * the residuals claimed 0.47 for picks that came true 0.11 of the time at 1600 steps (RESULTS.md,
   * the calibration by stage length). Fitting the spread to the claim it makes is temperature
   * scaling (Guo et al. 2017) on a log score, the proper scoring rule of a P(best).
   */
  LIKELIHOOD;

  /** The spec's spelling: {@code residuals} or {@code likelihood}. */
  public String spelling() {
    return Spellings.of(this);
  }

  /**
   * Parses {@code residuals} or {@code likelihood}.
   *
   * @param field the option or argument being parsed, named in the error
   * @param text what was given
   */
  public static ErrorSpread parse(String field, String text) {
    return Spellings.parse(ErrorSpread.class, field, text);
  }
}
