package dev.lag.selector.experiments.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.scoring.AnnealingLawScorer;
import dev.lag.trainer.config.RunConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrScopeTest {
  static StackConfig config(String scope) throws Exception {
    return config(scope, "");
  }

  static StackConfig config(String scope, String more) throws Exception {
    return StackConfig.of(
        new ObjectMapper()
            .readTree(
                "{\"depths\": [2, 4, 6], \"budgetTokens\": 1228800, \"batch\": 16, \"seqLen\": 64,"
                    + " \"warmup\": 20, \"schedule\": \"wsd(decay=0.2)\", \"lrScope\": \""
                    + scope
                    + "\", "
                    + more
                    + "\"baselines\": false}"),
        List.of());
  }

  /** Under lrScope run the stages' rates, back to back, are the run's schedule step for step. */
  @Test
  void underRunScopeTheStagesShareOneScheduleThatWarmsUpOnceAndDecaysAtTheEnd() throws Exception {
    StackConfig c = config("run");
    int[] steps = c.stageSteps();
    int total = java.util.Arrays.stream(steps).sum();
    RunConfig whole = c.run().with("steps", total);
    LearningRateSchedule run = whole.train().learningRates();
    int at = 0;
    for (int i = 0; i < steps.length; i++) {
      LearningRateSchedule stage = c.stageRun(i).train().learningRates();
      for (int s = 0; s < steps[i]; s++) {
        assertEquals(run.at(at + s), stage.at(s), 0, "stage " + i + " step " + s);
      }
      at += steps[i];
    }
    // Growth does not warm up again, and only the last stage decays.
    assertEquals(run.peak(), c.stageRun(1).train().learningRates().at(0), 0);
    assertEquals(run.peak(), c.stageRun(1).train().learningRates().at(steps[1] - 1), 0);
    assertTrue(c.stageRun(2).train().learningRates().at(steps[2] - 1) < run.peak());
  }

  @Test
  void underStageScopeEveryStageRestartsItsSchedule() throws Exception {
    StackConfig c = config("stage");
    LearningRateSchedule second = c.stageRun(1).train().learningRates();
    assertTrue(second.at(0) < second.peak(), "each stage warms up");
    assertTrue(second.at(c.stageSteps()[1] - 1) < second.peak(), "and decays");
  }

  @Test
  void anUnknownScopeIsRefusedByName() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> config("global"));
    assertTrue(e.getMessage().startsWith("lrScope=global: must be stage or run"), e.getMessage());
  }

  /** The annealing law reads each stage's own rates of the run's schedule. */
  @Test
  void theAnnealingLawOfAStageReadsThatStagesRates() throws Exception {
    StackConfig c = config("run", "\"scorer\": \"anneal\", ");
    for (int i = 1; i < c.stageSteps().length; i++) {
      AnnealingLawScorer law = assertInstanceOf(AnnealingLawScorer.class, c.scorer(i));
      assertEquals(c.stageRun(i).train().learningRates(), law.schedule(), "stage " + i);
    }
  }
}
