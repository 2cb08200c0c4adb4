package dev.lag.analysis.confidence;

import java.util.List;

/**
 * How a bank's calibration is fitted for a stage: at which lag each study is read ({@link
 * LagScale}) and how much each study counts ({@link StudyWeights}). The default reads every study
 * at the same step, all counting the same.
 *
 * @param lags how a lag of the stage maps to each study's lag
 * @param weigh how much each study counts in the fit
 */
public record CalibrationVariant(LagScale lags, StudyWeights weigh) {
  /** Same step, equal weights: the calibration every earlier version fitted. */
  public static final CalibrationVariant DEFAULT =
      new CalibrationVariant(LagScale.STEPS, StudyWeights.EQUAL);

  /**
   * The variants the selection benchmark weighs. A share of the stage with regime weights is left
   * out: the share failed for want of readings at the earliest shares (RESULTS.md), which weights
   * do not add.
   */
  public static final List<CalibrationVariant> WEIGHED =
      List.of(
          DEFAULT,
          new CalibrationVariant(LagScale.FRACTION, StudyWeights.EQUAL),
          new CalibrationVariant(LagScale.STEPS, StudyWeights.REGIME));

  /** Whether the fit needs the stage's regime (its length and schedule). */
  public boolean needsStage() {
    return lags == LagScale.FRACTION || weigh == StudyWeights.REGIME;
  }

  /**
   * The arguments that differ from the default, as a policy spec spells them ({@code ",
   * lags=fraction"}, {@code ", weigh=regime"}); empty for the default.
   */
  public String suffix() {
    return (lags == LagScale.STEPS ? "" : ", lags=" + lags.spelling())
        + (weigh == StudyWeights.EQUAL ? "" : ", weigh=" + weigh.spelling());
  }

  /** The variant a name carrying {@link #suffix} says (the default where it says none). */
  public static CalibrationVariant ofName(String name) {
    if (name == null) {
      return DEFAULT;
    }
    return new CalibrationVariant(
        name.contains("lags=fraction") ? LagScale.FRACTION : LagScale.STEPS,
        name.contains("weigh=regime") ? StudyWeights.REGIME : StudyWeights.EQUAL);
  }
}
