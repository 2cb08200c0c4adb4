package dev.lag.selector.experiments.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.trajectory.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceHorizonTest {
  /**
   * The crossing studies rank wrongly early and rightly late: a horizon exists, past the budget.
   */
  @Test
  void saysWhereEvidenceBecomesRightAndWhatIsAffordable() {
    String line =
        EvidenceHorizon.summary(
            List.of(
                SelectionBenchmarkTest.crossing("a", 0), SelectionBenchmarkTest.crossing("b", 1)),
            ScorerRecipe.named("last", Metric.EVAL_LOSS),
            "cosine",
            100,
            3,
            0.3);
    assertTrue(line.startsWith("evidence: in the bank, the last score at the lag"), line);
    assertTrue(line.contains("100-step stages (2 studies): from step "), line);
    assertTrue(
        line.endsWith("is at most 15 steps (0.3 stages of one candidate for 3 candidates)"), line);
  }

  @Test
  void aScheduleTheBankNeverRanIsSaidSo() {
    String line =
        EvidenceHorizon.summary(
            List.of(SelectionBenchmarkTest.crossing("a", 0)),
            ScorerRecipe.named("last", Metric.EVAL_LOSS),
            "wsd(decay=0.2)",
            100,
            3,
            0.3);
    assertTrue(line.startsWith("evidence: the bank holds no study under schedule wsd"), line);
  }
}
