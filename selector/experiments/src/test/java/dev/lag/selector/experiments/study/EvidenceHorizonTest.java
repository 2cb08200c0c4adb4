package dev.lag.selector.experiments.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Prior;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceHorizonTest {
  /** Two studies whose candidates cross before their end, judged with this scorer. */
  private static EvidenceHorizon twoCrossing(String scorer) {
    return EvidenceHorizon.of(
        List.of(SelectionBenchmarkTest.crossing("a", 0), SelectionBenchmarkTest.crossing("b", 1)),
        ScorerRecipe.named(scorer, Metric.EVAL_LOSS),
        s -> Prior.DEFAULT);
  }

  /**
   * The crossing studies rank wrongly early and rightly late: a horizon exists, past the budget.
   */
  @Test
  void saysWhereEvidenceBecomesRightAndWhatIsAffordable() {
    String line = twoCrossing("last").summary("cosine", 100, 3, 0.3);
    assertTrue(line.startsWith("evidence: in the bank, the last score at the lag"), line);
    assertTrue(line.contains("100-step stages (2 studies): from step "), line);
    assertTrue(
        line.endsWith("is at most 15 steps (0.3 stages of one candidate for 3 candidates)"), line);
  }

  @Test
  void aScheduleTheBankNeverRanIsSaidSo() {
    String line =
        EvidenceHorizon.of(
                List.of(SelectionBenchmarkTest.crossing("a", 0)),
                ScorerRecipe.named("last", Metric.EVAL_LOSS),
                s -> Prior.DEFAULT)
            .summary("wsd(decay=0.2)", 100, 3, 0.3);
    assertTrue(line.startsWith("evidence: the bank holds no study under schedule wsd"), line);
  }

  /** The crossing studies rank rightly before their end: the cost is read in their own regime. */
  @Test
  void whatItWouldTakeIsTheCheapestHorizonInItsOwnRegime() {
    String line = twoCrossing("last").cost(25, 3, 0.3);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "what it would take: the bank saw the last score pick within 1 seed-noise SD"
                    + " \\(worst case\\) from step (\\d+) of 100-step cosine stages \\((\\d+)% of"
                    + " the stage, 2 studies\\); reading 3 candidates there costs ([0-9.]+) stages"
                    + " of one candidate, ([0-9.]+)x the budget of 0.3, in stages 4x the 25 steps"
                    + " here")
            .matcher(line);
    assertTrue(m.matches(), line);
    int lag = Integer.parseInt(m.group(1));
    assertTrue(lag > 0 && lag < 100, line);
    assertEquals(lag, Integer.parseInt(m.group(2)), "a 100-step stage: the step is the share");
    assertEquals(2 * lag / 100.0, Double.parseDouble(m.group(3)), 0.006, line);
    assertEquals(2 * lag / 100.0 / 0.3, Double.parseDouble(m.group(4)), 0.06, line);
  }

  /** A cooldown scorer's probes are paid by every candidate, the winner's too. */
  @Test
  void probesCountInWhatItWouldTake() {
    String line = twoCrossing("cooldown(5)").cost(100, 3, 0.3);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                ".* from step (\\d+) of 100-step .* costs ([0-9.]+) stages of one candidate"
                    + " \\(cooldown probes included\\), .* in stages as long as the 100 steps here")
            .matcher(line);
    assertTrue(m.matches(), line);
    int lag = Integer.parseInt(m.group(1));
    assertEquals((2 * lag + 3 * 5) / 100.0, Double.parseDouble(m.group(2)), 0.006, line);
  }

  /** A study that ranks wrongly until its end has no early horizon: the cost is every stage. */
  @Test
  void noEarlyHorizonMeansTrainingEveryCandidateThrough() {
    String line =
        EvidenceHorizon.of(
                List.of(SelectionBenchmarkTest.crossing("slow", 0, 40)),
                ScorerRecipe.named("last", Metric.EVAL_LOSS),
                s -> Prior.DEFAULT)
            .cost(400, 4, 0.3);
    assertEquals(
        "what it would take: in no regime of the bank (1 study) does the last score of one run"
            + " pick within 1 seed-noise SD (worst case) before the stage ends; reading every"
            + " candidate there means training all 4 through the stage: 3 stages of one candidate,"
            + " 10x the budget of 0.3",
        line);
  }

  @Test
  void lagsDoubleFromTwentyAndEndAtTheStage() {
    assertArrayEquals(new long[] {0, 20, 40, 80, 100}, EvidenceHorizon.lags(100));
    assertArrayEquals(new long[] {0, 20, 40, 80, 160, 320, 400}, EvidenceHorizon.lags(400));
  }

  /** A lag is affordable only with every candidate's probe paid: 0.3 x 100 - 3 x 5 = 2 x 7.5. */
  @Test
  void anAffordableLagPaysTheProbes() {
    String line = twoCrossing("cooldown(5)").summary("cosine", 100, 3, 0.3);
    assertTrue(
        line.endsWith(
            "is at most 7 steps (0.3 stages of one candidate for 3 candidates, cooldown probes"
                + " included)"),
        line);
  }
}
