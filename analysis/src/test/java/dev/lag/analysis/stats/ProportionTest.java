package dev.lag.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProportionTest {
  @Test
  void wilsonIntervalsMatchTheClosedForm() {
    // Wilson 95% (z = 1.959964): 0/100 -> [0, 0.0370]; 50/100 -> [0.4038, 0.5962];
    // 9/10 -> [0.5958, 0.9821]. Reference values from the closed form, checked with Python.
    Proportion none = Proportion.of(0, 100);
    assertEquals(0, none.lower());
    assertEquals(0.0370, none.upper(), 1e-4);
    Proportion half = Proportion.of(50, 100);
    assertEquals(0.5, half.value());
    assertEquals(0.4038, half.lower(), 1e-4);
    assertEquals(0.5962, half.upper(), 1e-4);
    Proportion most = Proportion.of(9, 10);
    assertEquals(0.5958, most.lower(), 1e-4);
    assertEquals(0.9821, most.upper(), 1e-4);
  }

  @Test
  void allSuccessesReachOne() {
    assertEquals(1, Proportion.of(20, 20).upper());
  }

  @Test
  void impossibleCountsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Proportion.of(3, 2));
    assertThrows(IllegalArgumentException.class, () -> Proportion.of(0, 0));
  }
}
