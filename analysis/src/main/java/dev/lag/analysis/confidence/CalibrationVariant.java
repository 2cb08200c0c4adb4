package dev.lag.analysis.confidence;

import java.util.List;

/**
 * How a bank's calibration is fitted for a stage: at which lag each study is read ({@link
 * LagScale}), how much each study counts ({@link StudyWeights}) and how the prior is estimated from
 * the nearest studies ({@link PriorEstimate}). The default reads every study at the same step, all
 * counting the same, with each operator's mean as its prior.
 *
 * @param lags how a lag of the stage maps to each study's lag
 * @param weigh how much each study counts in the fit
 * @param prior how an operator's prior is estimated from the studies nearest the stage
 */
public record CalibrationVariant(LagScale lags, StudyWeights weigh, PriorEstimate prior) {
  /** Same step, equal weights, mean priors: the calibration every earlier version fitted. */
  public static final CalibrationVariant DEFAULT =
      new CalibrationVariant(LagScale.STEPS, StudyWeights.EQUAL, PriorEstimate.MEAN);

  /** A variant with mean priors. */
  public CalibrationVariant(LagScale lags, StudyWeights weigh) {
    this(lags, weigh, PriorEstimate.MEAN);
  }

  /**
   * The variants the selection benchmark weighs, one change from the default each: a share of the
   * stage failed for want of readings at the earliest shares (RESULTS.md), which neither weights
   * nor a shrunk prior add.
   */
  public static final List<CalibrationVariant> WEIGHED =
      List.of(
          DEFAULT,
          new CalibrationVariant(LagScale.FRACTION, StudyWeights.EQUAL),
          new CalibrationVariant(LagScale.STEPS, StudyWeights.REGIME),
          new CalibrationVariant(LagScale.STEPS, StudyWeights.EQUAL, PriorEstimate.SHRUNK));

  /** Whether the fit needs the stage's regime (its length and schedule). */
  public boolean needsStage() {
    return lags == LagScale.FRACTION || weigh == StudyWeights.REGIME;
  }

  /**
   * The arguments that differ from the default, as a policy spec spells them ({@code ",
   * lags=fraction"}, {@code ", weigh=regime"}, {@code ", prior=shrunk"}); empty for the default.
   */
  public String suffix() {
    return (lags == LagScale.STEPS ? "" : ", lags=" + lags.spelling())
        + (weigh == StudyWeights.EQUAL ? "" : ", weigh=" + weigh.spelling())
        + (prior == PriorEstimate.MEAN ? "" : ", prior=" + prior.spelling());
  }

  /** The variant a name carrying {@link #suffix} says (the default where it says none). */
  public static CalibrationVariant ofName(String name) {
    if (name == null) {
      return DEFAULT;
    }
    return new CalibrationVariant(
        name.contains("lags=fraction") ? LagScale.FRACTION : LagScale.STEPS,
        name.contains("weigh=regime") ? StudyWeights.REGIME : StudyWeights.EQUAL,
        name.contains("prior=shrunk") ? PriorEstimate.SHRUNK : PriorEstimate.MEAN);
  }
}
