package dev.lag.analysis.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import org.junit.jupiter.api.Test;

class MetricTest {
  static final Point P = new Point(10, 1e3, 1e9, 2.0, 1.5, 0.75);

  @Test
  void everyMetricIsLowerIsBetter() {
    assertEquals(2.0, Metric.TRAIN_LOSS.of(P));
    assertEquals(1.5, Metric.EVAL_LOSS.of(P));
    assertEquals(0.25, Metric.PRIMITIVES.of(P), 1e-12, "error rate 1 - accuracy");
    assertEquals(0.75 * 1.5 + 0.25 * 0.25, Metric.mix(0.25).of(P), 1e-12);
  }

  @Test
  void aComponentNotMeasuredMakesTheValueMissing() {
    Point lossOnly = new Point(10, 1e3, 1e9, 2.0, 1.5);
    assertTrue(Double.isNaN(Metric.PRIMITIVES.of(lossOnly)));
    assertTrue(Double.isNaN(Metric.mix(0.5).of(lossOnly)));
    assertEquals(1.5, Metric.EVAL_LOSS.of(lossOnly), "an unweighted component is not read");
  }

  @Test
  void parsesWhatConfigsWrite() {
    assertSame(Metric.TRAIN_LOSS, Metric.parse("loss"));
    assertSame(Metric.EVAL_LOSS, Metric.parse("eval"));
    assertSame(Metric.PRIMITIVES, Metric.parse("primitives"));
    assertEquals(Metric.mix(0.3), Metric.parse("mix(0.3)"));
    assertEquals(Metric.mix(0.3), Metric.parse("mix(w=0.3)"));
    assertEquals("mix(0.3)", Metric.parse("mix(0.3)").label());
    InvalidInputException weight =
        assertThrows(InvalidInputException.class, () -> Metric.parse("mix(2)"));
    assertTrue(weight.getMessage().contains("[0, 1]"), weight.getMessage());
    assertThrows(InvalidInputException.class, () -> Metric.parse("accuracy"));
  }
}
