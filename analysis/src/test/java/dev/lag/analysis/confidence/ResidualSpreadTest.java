package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.BankCalibration.Regime;
import dev.lag.analysis.schedule.Decay;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A spread measured in the stage's regime: tight where the bank's studies of that regime agree,
 * wide where they disagree, whatever the other regimes do.
 */
class ResidualSpreadTest {
  private static final Regime SHORT = new Regime(400, Decay.Kind.COSINE);
  private static final Regime LONG = new Regime(3200, Decay.Kind.WSD);
  private static final CalibrationVariant BY_REGIME =
      new CalibrationVariant(LagScale.STEPS, StudyWeights.EQUAL, ResidualSpread.REGIME);

  // Short stages rank a, b, c alike every time; long ones reorder them from study to study.
  private static final List<BankStudy> SHORTS =
      List.of(
          BankCalibrationRegimeTest.study("s1", 400, "cosine", 1.000, 1.010, 1.020),
          BankCalibrationRegimeTest.study("s2", 400, "cosine", 1.000, 1.012, 1.020),
          BankCalibrationRegimeTest.study("s3", 400, "cosine", 1.000, 1.010, 1.024),
          BankCalibrationRegimeTest.study("s4", 400, "cosine", 1.000, 1.011, 1.020));
  private static final List<BankStudy> LONGS =
      List.of(
          BankCalibrationRegimeTest.study("l1", 3200, "wsd(decay=0.2)", 1.00, 1.01, 1.02),
          BankCalibrationRegimeTest.study("l2", 3200, "wsd(decay=0.2)", 1.02, 1.00, 1.01),
          BankCalibrationRegimeTest.study("l3", 3200, "wsd(decay=0.2)", 1.01, 1.02, 1.00),
          BankCalibrationRegimeTest.study("l4", 3200, "wsd(decay=0.2)", 1.00, 1.02, 1.01));

  private static double spread(List<BankStudy> studies, Regime stage, CalibrationVariant v) {
    return new BankCalibration(studies, (s, o) -> null)
        .forStage(stage)
        .with(v)
        .priorOnly()
        .orElseThrow()
        .residualSd();
  }

  private static List<BankStudy> both() {
    List<BankStudy> all = new ArrayList<>(SHORTS);
    all.addAll(LONGS);
    return all;
  }

  @Test
  void aRegimeWhoseStudiesAgreeClaimsMoreSurelyThanThePooledSpread() {
    double pooled = spread(both(), SHORT, CalibrationVariant.DEFAULT);
    double own = spread(both(), SHORT, BY_REGIME);
    assertTrue(own < pooled / 2, "short stages: " + own + " against pooled " + pooled);
  }

  @Test
  void aRegimeWhoseStudiesDisagreeClaimsLessSurely() {
    double pooled = spread(both(), LONG, CalibrationVariant.DEFAULT);
    double own = spread(both(), LONG, BY_REGIME);
    assertTrue(own > pooled, "long stages: " + own + " against pooled " + pooled);
  }

  @Test
  void withFewerThanThreeStudiesOfTheRegimeTheSpreadIsPooled() {
    List<BankStudy> thin = new ArrayList<>(SHORTS);
    thin.addAll(LONGS.subList(0, 2));
    assertEquals(spread(thin, LONG, CalibrationVariant.DEFAULT), spread(thin, LONG, BY_REGIME), 0);
  }

  @Test
  void aSpreadByRegimeNeedsTheStageAndParses() {
    BankCalibration bank = new BankCalibration(SHORTS, (s, o) -> null);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> bank.with(BY_REGIME));
    assertTrue(e.getMessage().contains("spread=regime"), e.getMessage());
    assertEquals(", spread=regime", BY_REGIME.suffix());
    assertEquals(ResidualSpread.REGIME, ResidualSpread.parse("spread", "regime "));
    InvalidInputException bad =
        assertThrows(InvalidInputException.class, () -> ResidualSpread.parse("spread", "local"));
    assertTrue(bad.getMessage().contains("spread=local: pooled or regime"), bad.getMessage());
  }
}
