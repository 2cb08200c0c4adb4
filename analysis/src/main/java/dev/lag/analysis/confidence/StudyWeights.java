package dev.lag.analysis.confidence;

import dev.lag.analysis.confidence.BankCalibration.Regime;

/**
 * How much each bank study counts when the model at a lag is fitted for a stage. The bank is mostly
 * short stages; pooled with equal weight, the fit at 3200 steps learns how far a reading at lag k
 * can be trusted mostly from 400-step studies, where k is a far larger share of the stage
 * (RESULTS.md, "What a budget buys at the longest stage"). Weighing studies by regime lets the
 * studies nearest the stage speak loudest without dropping the rest, which {@link
 * LagScale#FRACTION} effectively did (it had too few readings at the earliest shares).
 */
public enum StudyWeights {
  /** Every study counts the same. */
  EQUAL,
  /**
   * A study counts {@code 2^-d}, {@code d} its regime's {@link Regime#distance} from the stage's:
   * half per octave of stage length, half for another schedule family. The halving is the
   * distance's own unit, not a fitted constant.
   */
  REGIME;

  /**
   * The weight of a study of regime {@code study} in a fit for a stage of regime {@code stage}.
   *
   * @param study the bank study's regime
   * @param stage the regime of the stage being selected in
   */
  public double weight(Regime study, Regime stage) {
    return this == EQUAL ? 1 : Math.pow(2, -study.distance(stage));
  }

  /** The spec's spelling: {@code equal} or {@code regime}. */
  public String spelling() {
    return Spellings.of(this);
  }

  /**
   * Parses {@code equal} or {@code regime}.
   *
   * @param field the option or argument being parsed, named in the error
   * @param text what was given
   */
  public static StudyWeights parse(String field, String text) {
    return Spellings.parse(StudyWeights.class, field, text);
  }
}
