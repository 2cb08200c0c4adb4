package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.BankCalibration.Regime;
import dev.lag.analysis.schedule.Decay;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bank study counts half per octave of stage length, and half for another schedule. */
class StudyWeightsTest {
  private static final Regime STAGE = new Regime(3200, Decay.Kind.WSD);

  @Test
  void halfPerOctaveAndPerScheduleFamily() {
    assertEquals(1, StudyWeights.REGIME.weight(STAGE, STAGE), 1e-12);
    assertEquals(0.5, StudyWeights.REGIME.weight(new Regime(1600, Decay.Kind.WSD), STAGE), 1e-12);
    assertEquals(
        0.25, StudyWeights.REGIME.weight(new Regime(1600, Decay.Kind.COSINE), STAGE), 1e-12);
    assertEquals(0.125, StudyWeights.REGIME.weight(new Regime(400, Decay.Kind.WSD), STAGE), 1e-12);
    assertEquals(1, StudyWeights.EQUAL.weight(new Regime(400, Decay.Kind.COSINE), STAGE), 1e-12);
  }

  @Test
  void parsesAndNamesTheBadValue() {
    assertEquals(StudyWeights.REGIME, StudyWeights.parse("weigh", " regime"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> StudyWeights.parse("weigh", "nearest"));
    assertTrue(e.getMessage().contains("weigh=nearest: equal or regime"), e.getMessage());
  }

  @Test
  void aVariantSpellsWhatDiffersFromTheDefaultAndReadsBack() {
    for (CalibrationVariant v : CalibrationVariant.WEIGHED) {
      assertEquals(v, CalibrationVariant.ofName("hedged(confidence=0.8" + v.suffix() + ") cal:x"));
    }
    assertEquals("", CalibrationVariant.DEFAULT.suffix());
    assertEquals(
        ", lags=fraction, weigh=regime",
        new CalibrationVariant(LagScale.FRACTION, StudyWeights.REGIME).suffix());
    assertEquals(CalibrationVariant.DEFAULT, CalibrationVariant.ofName(null));
  }

  @Test
  void weighingByRegimeNeedsTheStage() {
    BankCalibration bank = new BankCalibration(List.of(), (s, o) -> null);
    CalibrationVariant regime = new CalibrationVariant(LagScale.STEPS, StudyWeights.REGIME);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> bank.with(regime));
    assertTrue(e.getMessage().contains("weigh=regime"), e.getMessage());
    assertEquals(regime, bank.forStage(STAGE).with(regime).variant());
    assertEquals(regime, bank.forStage(STAGE).with(regime).forStage(STAGE).variant(), "kept");
  }
}
