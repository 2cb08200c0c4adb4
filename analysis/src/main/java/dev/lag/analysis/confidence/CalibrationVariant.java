package dev.lag.analysis.confidence;

import java.util.List;

/**
 * How a bank's calibration is fitted for a stage: at which lag each study is read ({@link
 * LagScale}), how much each study counts ({@link StudyWeights}) and where the residual spread is
 * measured ({@link ResidualSpread}). The default reads every study at the same step, all counting
 * the same, the spread pooled over them.
 *
 * @param lags how a lag of the stage maps to each study's lag
 * @param weigh how much each study counts in the fit
 * @param spread where the residual spread is measured
 */
public record CalibrationVariant(LagScale lags, StudyWeights weigh, ResidualSpread spread) {
  /** Same step, equal weights, a pooled spread: the calibration every earlier version fitted. */
  public static final CalibrationVariant DEFAULT =
      new CalibrationVariant(LagScale.STEPS, StudyWeights.EQUAL);

  /** A variant with the spread pooled over the bank. */
  public CalibrationVariant(LagScale lags, StudyWeights weigh) {
    this(lags, weigh, ResidualSpread.POOLED);
  }

  /**
   * The variants the selection benchmark weighs. A share of the stage with regime weights is left
   * out: the share failed for want of readings at the earliest shares (RESULTS.md), which weights
   * do not add.
   */
  public static final List<CalibrationVariant> WEIGHED =
      List.of(
          DEFAULT,
          new CalibrationVariant(LagScale.FRACTION, StudyWeights.EQUAL),
          new CalibrationVariant(LagScale.STEPS, StudyWeights.REGIME),
          new CalibrationVariant(LagScale.STEPS, StudyWeights.EQUAL, ResidualSpread.REGIME));

  /** Whether the fit needs the stage's regime (its length and schedule). */
  public boolean needsStage() {
    return lags == LagScale.FRACTION
        || weigh == StudyWeights.REGIME
        || spread == ResidualSpread.REGIME;
  }

  /**
   * The arguments that differ from the default, as a policy spec spells them ({@code ",
   * lags=fraction"}, {@code ", weigh=regime"}, {@code ", spread=regime"}); empty for the default.
   */
  public String suffix() {
    return (lags == LagScale.STEPS ? "" : ", lags=" + lags.spelling())
        + (weigh == StudyWeights.EQUAL ? "" : ", weigh=" + weigh.spelling())
        + (spread == ResidualSpread.POOLED ? "" : ", spread=" + spread.spelling());
  }

  /** The variant a name carrying {@link #suffix} says (the default where it says none). */
  public static CalibrationVariant ofName(String name) {
    if (name == null) {
      return DEFAULT;
    }
    return new CalibrationVariant(
        name.contains("lags=fraction") ? LagScale.FRACTION : LagScale.STEPS,
        name.contains("weigh=regime") ? StudyWeights.REGIME : StudyWeights.EQUAL,
        name.contains("spread=regime") ? ResidualSpread.REGIME : ResidualSpread.POOLED);
  }
}
