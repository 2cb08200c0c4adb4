package dev.lag.selector.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.CalibrationVariant;
import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.trajectory.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetCurveTest {
  @Test
  void eachBudgetIsReplayedOncePerStageLengthAndSpendsNoMoreThanItAllows() {
    List<BankStudy> studies = CalibratedBenchmarkTest.STUDIES;
    BudgetCurve curve =
        BudgetCurve.measure(
            List.of(new HorizonReport.PoolStudies(studies, List.of())),
            ScorerRecipe.named("last", Metric.EVAL_LOSS),
            CalibrationVariant.DEFAULT,
            List.of(5.0, 0.0, 0.5, 0.5));
    assertEquals("last", curve.scorer());
    assertEquals(3, curve.rows().size(), "three distinct budgets, one stage length");
    double previous = -1;
    for (BudgetCurve.Row row : curve.rows()) {
      assertTrue(row.budget() > previous, "budgets ascending: " + curve.rows());
      previous = row.budget();
      assertEquals(studies.get(0).finalStep(), row.stage());
      assertEquals(studies.size(), row.studies());
      assertTrue(row.overhead() <= row.budget() + 1e-9, row.toString());
      assertTrue(row.worst() >= row.mean() && row.mean() >= 0, row.toString());
      assertTrue(row.decided() >= 0 && row.decided() <= 1, row.toString());
    }
    assertEquals(0, curve.rows().get(0).overhead(), "no budget: nothing trained beyond the winner");
  }
}
