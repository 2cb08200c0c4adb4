package dev.lag.analysis.confidence;

/**
 * How a lag carries from a bank study to a stage of another length, when the bank's model at that
 * lag is fitted. A reading at lag k of a 400-step stage is not the same evidence as a reading at k
 * of a 3200-step one: the horizon study (RESULTS.md) found that the loss becomes a trustworthy
 * ranking at a share of the stage (20-40% at 1600 and 3200 steps), not after a number of steps.
 */
public enum LagScale {
  /** The bank's studies are read at the same number of steps after growth. */
  STEPS,
  /** The bank's studies are read at the same share of their own stage. */
  FRACTION;

  /**
   * The lag in a bank study that corresponds to lag {@code k} of the stage being selected in.
   *
   * @param k steps after growth in the stage being selected in
   * @param stage that stage's length in steps
   * @param studyStage the bank study's stage length in steps
   */
  public long lagIn(long k, long stage, long studyStage) {
    return this == STEPS ? k : Math.round(k * ((double) studyStage / stage));
  }

  /** The spec's spelling: {@code steps} or {@code fraction}. */
  public String spelling() {
    return Spellings.of(this);
  }

  /**
   * Parses {@code steps} or {@code fraction}.
   *
   * @param field the option or argument being parsed, named in the error
   * @param text what was given
   */
  public static LagScale parse(String field, String text) {
    return Spellings.parse(LagScale.class, field, text);
  }
}
