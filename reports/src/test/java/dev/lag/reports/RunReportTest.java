package dev.lag.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {
  static StageReport stage(int i, String policy, String winner) {
    return new StageReport(
        "stage " + i,
        i,
        2 + 2 * i,
        0,
        400,
        winner,
        "",
        policy,
        "last",
        "eval",
        List.of(),
        List.of(),
        0);
  }

  static RunReport stack(List<StageReport> stages) {
    return new RunReport(
        "r", "r", "x", "stack", List.of(), stages, null, List.of(), List.of(), Map.of(), Map.of());
  }

  static Contender contender(String name) {
    return new Contender(name, 2.0, 1e12, 0, Double.NaN, Double.NaN, List.of());
  }

  @Test
  void theAdaptiveRowSaysWhatItDidAndFixedRowsKeepTheirNames() {
    RunReport prior =
        stack(List.of(stage(1, "prior", "stack-top"), stage(2, "prior", "stack-top")));
    assertEquals("lag (prior: stack-top at every stage)", prior.label(contender("lag")));
    assertEquals("fixed:midas", prior.label(contender("fixed:midas")));
    RunReport evidence =
        stack(
            List.of(stage(1, "fixed-lag(k=0)", "midas"), stage(2, "fixed-lag(k=0)", "stack-top")));
    assertEquals("lag (fixed-lag(k=0): midas, stack-top)", evidence.label(contender("lag")));
  }
}
