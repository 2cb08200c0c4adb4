package dev.lag.selector.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.trajectory.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibratedBenchmarkTest {
  /** Four studies of the crossing pool: early leads at lag 10, late ends best in every one. */
  static final List<BankStudy> STUDIES =
      List.of(
          SelectionBenchmarkTest.crossing("a", 0),
          SelectionBenchmarkTest.crossing("b", 1),
          SelectionBenchmarkTest.crossing("c", 2),
          SelectionBenchmarkTest.crossing("d", 3));

  @Test
  void evidenceThatRankedBackwardsElsewhereIsReadBackwardsAndPicksTheBest() {
    List<CalibratedBenchmark.Pick> picks =
        new CalibratedBenchmark(STUDIES)
            .picks(ScorerRecipe.named("last", Metric.EVAL_LOSS), new long[] {10});
    assertEquals(12, picks.size(), "4 studies x 3 replicas");
    for (CalibratedBenchmark.Pick p : picks) {
      assertTrue(p.evidenceWeight() < 0, "the loss at 10 ranked backwards: " + p);
      assertEquals("late", p.pick(), p.toString());
      assertTrue(p.best() && p.within() && p.regret() == 0, p.toString());
    }
  }

  @Test
  void theHedgedPolicyStaysWithinItsBudgetAndSaysWhenItIsUnsure() {
    CalibratedBenchmark bench = new CalibratedBenchmark(STUDIES);
    long r = 10; // rungs 0, 10, 20, 40, 80
    for (boolean lookAhead : new boolean[] {false, true}) {
      for (double budget : new double[] {0.0, 0.5, 5.0}) {
        for (CalibratedBenchmark.Hedged h :
            bench.hedged(
                ScorerRecipe.named("last", Metric.EVAL_LOSS), r, 0.99, 0.05, budget, lookAhead)) {
          assertTrue(h.overhead() <= budget + 1e-9, budget + ": " + h);
          assertTrue(h.decided() || h.pWithin() < 0.99 || Double.isNaN(h.pWithin()), h.toString());
          if (budget == 0.0) {
            assertEquals(
                0, h.lag(), "no budget: it commits at growth, on the prior and the loss there");
          }
        }
      }
    }
    // With confidence easy to reach it commits at once, sure of the pick.
    for (CalibratedBenchmark.Hedged h :
        bench.hedged(ScorerRecipe.named("last", Metric.EVAL_LOSS), r, 0.5, 0.05, 5.0, true)) {
      assertTrue(h.decided(), h.toString());
      assertFalse(h.pWithin() < 0.5, h.toString());
    }
  }

  @Test
  void theTrustHorizonIsTheFirstLagFromWhichTheWorstRegretStaysWithinOneSd() {
    List<TrustHorizon.Entry> entries =
        List.of(
            new TrustHorizon.Entry("last", "cosine", 400, "a", 20, 0.5),
            new TrustHorizon.Entry("last", "cosine", 400, "b", 20, 2.0),
            new TrustHorizon.Entry("last", "cosine", 400, "a", 40, 0.2),
            new TrustHorizon.Entry("last", "cosine", 400, "b", 40, 0.9),
            new TrustHorizon.Entry("last", "cosine", 400, "a", 80, 1.1),
            new TrustHorizon.Entry("last", "cosine", 400, "b", 80, 0.0),
            new TrustHorizon.Entry("last", "cosine", 400, "a", 160, 0.0),
            new TrustHorizon.Entry("last", "cosine", 400, "b", 160, 0.3),
            new TrustHorizon.Entry("last", "wsd(decay=0.2)", 400, "c", 20, 3.0));
    List<TrustHorizon.Row> rows = TrustHorizon.of(entries);
    assertEquals(2, rows.size());
    TrustHorizon.Row cosine = rows.get(0);
    assertEquals(2.0, cosine.worst().get(20L));
    assertEquals(1.25, cosine.mean().get(20L), 1e-12);
    assertEquals(160, cosine.horizon(), "40 qualifies but 80 does not: the horizon is 160");
    assertEquals(-1, rows.get(1).horizon(), "no lag qualifies");
  }
}
