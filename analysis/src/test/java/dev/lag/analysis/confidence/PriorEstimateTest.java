package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A prior shrunk by how much the studies behind it disagree. */
class PriorEstimateTest {
  @Test
  void studiesThatAgreeKeepTheirPriorAndStudiesThatDisagreeFlattenIt() {
    List<double[]> agree =
        List.of(new double[] {-3, -3.2, -2.8}, new double[] {0, 0.1, -0.1}, new double[] {3, 3, 3});
    double[] kept = PriorEstimate.SHRUNK.estimate(agree, Double.NaN);
    assertEquals(-3, kept[0], 0.05, "spread 9 against noise 0.01: kept");
    List<double[]> disagree =
        List.of(new double[] {-3, 2, 0}, new double[] {2, -3, 0}, new double[] {1, 1, -1});
    double[] mean = PriorEstimate.MEAN.estimate(disagree, Double.NaN);
    double[] flat = PriorEstimate.SHRUNK.estimate(disagree, Double.NaN);
    assertArrayEquals(new double[] {-1.0 / 3, -1.0 / 3, 1.0 / 3}, mean, 1e-12);
    assertArrayEquals(
        new double[] {0, 0, 0}, minus(flat, -1.0 / 9), 1e-12, "all noise: the grand mean");
  }

  @Test
  void oneStudyBorrowsTheBanksDisagreementOrKeepsItsMeans() {
    List<double[]> one = List.of(new double[] {-2}, new double[] {0}, new double[] {2});
    assertArrayEquals(
        new double[] {-2, 0, 2}, PriorEstimate.SHRUNK.estimate(one, Double.NaN), 1e-12);
    // Spread 4 (sample variance of the means), noise 2: signal 2, so half of each gap is kept.
    assertArrayEquals(new double[] {-1, 0, 1}, PriorEstimate.SHRUNK.estimate(one, 2), 1e-12);
    List<double[]> none = List.of(new double[0], new double[] {1}, new double[] {-1});
    assertEquals(0, PriorEstimate.SHRUNK.estimate(none, 1)[0], 1e-12, "no study ran it: 0");
  }

  @Test
  void parsesAndNamesTheBadValue() {
    assertEquals(PriorEstimate.SHRUNK, PriorEstimate.parse("prior", "shrunk"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PriorEstimate.parse("prior", "median"));
    assertTrue(e.getMessage().contains("prior=median: mean or shrunk"), e.getMessage());
  }

  private static double[] minus(double[] v, double c) {
    double[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] -= c;
    }
    return out;
  }
}
