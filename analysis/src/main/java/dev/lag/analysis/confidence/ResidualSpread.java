package dev.lag.analysis.confidence;

import dev.lag.analysis.confidence.BankCalibration.Regime;

/**
 * Where a bank's calibration measures its residual spread (the error of a final around the model's
 * prediction, out of sample). Pooled over the bank, the thirty studies' claims were right on
 * average and wrong by regime: too sure at 400 and 1600 steps, too unsure at 3200, whose operators
 * separate by a dozen seed-noise SDs (RESULTS.md, "A residual spread measured in the stage's own
 * regime").
 */
public enum ResidualSpread {
  /** Measured on every held-out study of the bank. */
  POOLED,
  /**
   * Measured on the held-out studies of the stage's nearest {@link Regime} only, where the bank has
   * at least {@link #FEWEST} of them with a reading at the lag; otherwise pooled. The weights of
   * prior and evidence are still fitted on every study.
   */
  REGIME;

  /** The fewest held-out studies a regime's own spread is measured on (as a track record's). */
  public static final int FEWEST = 3;

  /** The spec's spelling: {@code pooled} or {@code regime}. */
  public String spelling() {
    return Spellings.of(this);
  }

  /**
   * Parses {@code pooled} or {@code regime}.
   *
   * @param field the option or argument being parsed, named in the error
   * @param text what was given
   */
  public static ResidualSpread parse(String field, String text) {
    return Spellings.parse(ResidualSpread.class, field, text);
  }
}
