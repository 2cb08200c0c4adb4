package dev.lag.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
