package dev.lag.analysis.confidence;

/**
 * How a calibrated pick draws each candidate's error around its predicted final, from which P(best)
 * and P(within one seed-noise SD) are counted.
 */
public enum ErrorModel {
  /**
   * Independent normals with the bank's out-of-sample spread: every candidate as likely to beat its
   * prediction as to miss it.
   */
  NORMAL,
  /**
   * Whole error vectors drawn from the bank's held-out picks ({@link ResidualDraws}), each error
   * given to the candidate at the same rank of the prediction. A held-out pick's favourite tends to
   * end worse than predicted (it is favoured partly by the prior's own noise: the winner's curse),
   * and at long stages it does so often enough that normal errors claim P(best) 0.45 for picks that
   * came true one time in ten (RESULTS.md, the calibration by stage length); drawn errors carry
   * that bias, and the errors' correlation, to the new pick.
   */
  RESAMPLED;

  /** The spec's spelling: {@code normal} or {@code resampled}. */
  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses {@code normal} or {@code resampled}.
   *
   * @param field the option or argument being parsed, named in the error
   * @param text what was given
   */
  public static ErrorModel parse(String field, String text) {
    for (ErrorModel e : values()) {
      if (e.spelling().equals(text.trim())) {
        return e;
      }
    }
    throw dev.lag.analysis.InvalidInputException.field(field, text, "normal or resampled");
  }
}
