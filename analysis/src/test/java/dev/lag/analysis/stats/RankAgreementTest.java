package dev.lag.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Against reference values from scipy.stats (tools/reference/scipy_correlations.py). */
class RankAgreementTest {
  static Stream<JsonNode> cases() throws Exception {
    try (InputStream in = RankAgreementTest.class.getResourceAsStream("/scipy/correlations.json")) {
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).path("cases").forEach(out::add);
      return out.stream();
    }
  }

  static double[] array(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asDouble();
    }
    return v;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void coefficientsEqualScipy(JsonNode c) {
    double[] x = array(c.path("x"));
    double[] y = array(c.path("y"));
    assertEquals(
        c.path("spearman").asDouble(), RankStatistic.SPEARMAN.compute(x, y), 1e-9, "spearman");
    assertEquals(
        c.path("kendall").asDouble(), RankStatistic.KENDALL.compute(x, y), 1e-9, "kendall tau-b");
    assertEquals(
        c.path("pearson").asDouble(), RankStatistic.PEARSON.compute(x, y), 1e-9, "pearson");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void asymptoticPValuesEqualScipy(JsonNode c) {
    double[] x = array(c.path("x"));
    double[] y = array(c.path("y"));
    for (RankStatistic s : RankStatistic.values()) {
      String key = s.name().toLowerCase(java.util.Locale.ROOT);
      double expected = c.path(key + "P").asDouble();
      double actual = s.asymptoticP(s.compute(x, y), x, y);
      assertEquals(expected, actual, 1e-9 + 1e-7 * expected, key + " p");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exactPermutationPValuesEqualBruteForce(JsonNode c) {
    if (!c.has("spearmanExactP")) {
      return; // reference enumerated only up to 7 candidates
    }
    double[] x = array(c.path("x"));
    double[] y = array(c.path("y"));
    RankAgreement agreement = new RankAgreement(0, 0.95, 1);
    for (RankStatistic s : RankStatistic.values()) {
      String key = s.name().toLowerCase(java.util.Locale.ROOT);
      assertEquals(
          c.path(key + "ExactP").asDouble(),
          agreement.of(s, x, y).pValue(),
          1e-12,
          key + " exact p");
    }
  }

  @Test
  void undefinedWhenTooFewOrConstant() {
    RankAgreement a = RankAgreement.standard(1);
    Correlation two = a.of(RankStatistic.SPEARMAN, new double[] {1, 2}, new double[] {2, 1});
    assertFalse(two.defined());
    assertTrue(two.undefinedReason().contains("at least 3"));
    Correlation flat = a.of(RankStatistic.KENDALL, new double[] {1, 1, 1}, new double[] {1, 2, 3});
    assertFalse(flat.defined());
    assertTrue(flat.undefinedReason().contains("equal"), flat.undefinedReason());
  }

  @Test
  void bootstrapIntervalIsSeededAndContainsTheEstimate() {
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    double[] y = {2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11};
    Correlation a = RankAgreement.standard(3).of(RankStatistic.SPEARMAN, x, y);
    Correlation b = RankAgreement.standard(3).of(RankStatistic.SPEARMAN, x, y);
    assertEquals(a, b);
    assertTrue(a.ciLow() <= a.value() && a.value() <= a.ciHigh(), a.toString());
    assertTrue(a.ciLow() > 0.7, "strong agreement has a tight interval: " + a);
  }
}
