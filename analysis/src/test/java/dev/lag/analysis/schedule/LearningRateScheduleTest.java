package dev.lag.analysis.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void warmsUpLinearlyThenDecaysToTheFloor() {
    LearningRateSchedule s = new LearningRateSchedule(1.0, 0.1, 10, 110, "cosine");
    assertEquals(0.1, s.at(0), 1e-12);
    assertEquals(1.0, s.at(9), 1e-12);
    assertEquals(1.0, s.at(10), 1e-12);
    assertEquals(0.557, s.at(59), 0.002); // half-way through the decay
    assertEquals(0.1, s.at(109), 1e-12);
  }

  @Test
  void linearAndConstantShapes() {
    LearningRateSchedule linear = new LearningRateSchedule(2.0, 0.0, 0, 11, "linear");
    assertEquals(2.0, linear.at(0), 1e-12);
    assertEquals(1.0, linear.at(5), 1e-12);
    assertEquals(0.0, linear.at(10), 1e-12);
    LearningRateSchedule constant = new LearningRateSchedule(2.0, 0.0, 2, 11, "constant");
    assertEquals(1.0, constant.at(0), 1e-12);
    assertEquals(2.0, constant.at(10), 1e-12);
  }

  /** 100 steps, 10 of warm-up, the last 20 decay: the plateau is the peak to the bit. */
  @Test
  void wsdHoldsThePeakThenDecaysOverTheLastFraction() {
    double peak = 3e-3;
    double floor = 3e-4;
    LearningRateSchedule s = new LearningRateSchedule(peak, floor, 10, 100, "wsd(decay=0.2)");
    assertEquals(peak / 10, s.at(0), 0);
    assertEquals(peak, s.at(9), 0);
    assertEquals(peak, s.at(10), 0);
    assertEquals(peak, s.at(79), 0, "the last step before the decay is still the peak");
    assertEquals(floor + (peak - floor) * 19 / 20, s.at(80), 1e-15, "the first decay step");
    assertEquals(floor + (peak - floor) * 0.5, s.at(89), 1e-15, "half-way through the decay");
    assertEquals(floor, s.at(99), 1e-15, "the last step reaches the floor");
  }

  @Test
  void wsdSqrtDecaysFasterAtFirst() {
    LearningRateSchedule linear = new LearningRateSchedule(1.0, 0.0, 0, 100, "wsd(decay=0.2)");
    LearningRateSchedule sqrt =
        new LearningRateSchedule(1.0, 0.0, 0, 100, "wsd(decay=0.2, shape=sqrt)");
    // A quarter of the way through the decay: 1 - 0.25 against 1 - sqrt(0.25).
    assertEquals(0.75, linear.at(84), 1e-12);
    assertEquals(0.5, sqrt.at(84), 1e-12);
    assertEquals(0.0, sqrt.at(99), 1e-12);
    for (int step = 80; step < 99; step++) {
      assertTrue(sqrt.at(step) <= linear.at(step), "step " + step);
    }
  }

  @Test
  void cosineIsBitExactAsBefore() {
    // The formula the trainer used before schedules were parsed: a resumed old run must not move.
    LearningRateSchedule s = new LearningRateSchedule(3e-3, 3e-4, 20, 400, "cosine");
    for (int step = 20; step < 400; step++) {
      double progress = Math.min(1.0, (double) (step - 20) / Math.max(1, 400 - 1 - 20));
      double expected = 3e-4 + (3e-3 - 3e-4) * (0.5 * (1 + StrictMath.cos(Math.PI * progress)));
      assertEquals(expected, s.at(step), 0, "step " + step);
    }
  }

  @Test
  void badSchedulesNameTheField() {
    for (String bad :
        new String[] {
          "cosin",
          "wsd",
          "wsd(decay=0)",
          "wsd(decay=1.5)",
          "wsd(decay=x)",
          "wsd(decay=0.2, shape=cubic)",
          "wsd(decay=0.2, f=1)",
          "cosine(decay=0.2)",
          "wsd(decay=NaN)"
        }) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> Decay.parse(bad));
      assertTrue(e.getMessage().startsWith("schedule"), bad + ": " + e.getMessage());
    }
  }

  @Test
  void writesItselfBackAsParsed() {
    assertEquals(
        "wsd(decay=0.2, shape=sqrt)", Decay.parse("wsd(decay=0.2, shape=sqrt)").toString());
    assertEquals("cosine", Decay.parse("cosine").toString());
  }

  /** lrScope: run. Stages of 300, 500 and 400 steps of a 1200-step WSD schedule, back to back. */
  @Test
  void stagesOfOneLongScheduleTakeItsRatesInOrder() {
    LearningRateSchedule whole = new LearningRateSchedule(3e-3, 3e-4, 20, 1200, "wsd(decay=0.2)");
    int from = 0;
    for (int stage : new int[] {300, 500, 400}) {
      String spec = Decay.parse("wsd(decay=0.2)").within(from, 1200).toString();
      LearningRateSchedule part = new LearningRateSchedule(3e-3, 3e-4, 20, stage, spec);
      for (int step = 0; step < stage; step++) {
        assertEquals(whole.at(from + step), part.at(step), 0, spec + " step " + step);
      }
      from += stage;
    }
    assertEquals(
        "wsd(decay=0.2, from=300, of=1200)",
        Decay.parse("wsd(decay=0.2)").within(300, 1200).toString());
    assertEquals("cosine(from=300, of=1200)", Decay.parse("cosine(from=300, of=1200)").toString());
    assertThrows(InvalidInputException.class, () -> Decay.parse("cosine(from=1200, of=1200)"));
    assertThrows(InvalidInputException.class, () -> Decay.parse("cosine(from=x, of=1200)"));
  }
}
