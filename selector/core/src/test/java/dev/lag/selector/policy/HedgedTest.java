package dev.lag.selector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.LagSelector;
import dev.lag.selector.PickConfidenceTest;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.StudyFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HedgedTest {
  static final BankCalibration BANK =
      new BankCalibration(
          List.of(
              PickConfidenceTest.study("a", 0),
              PickConfidenceTest.study("b", 1),
              PickConfidenceTest.study("c", 2)),
          (s, others) -> new LastValueScorer(Metric.EVAL_LOSS));
  static final List<String> POOL = List.of("stack-top", "midas", "zero-new");

  static Selection select(Hedged policy) {
    return LagSelector.builder()
        .setTrainer(PickConfidenceTest.trainer())
        .optPolicy(policy)
        .optFinalStep(200)
        .build()
        .choose(Pool.ofSpecs(POOL));
  }

  /**
   * A bank in which the best operator differs from study to study, with no pattern the other
   * studies reveal, and every candidate looks the same until step {@code partsAt}, where they part
   * in the order they end (25 seed-noise SDs apart): the prior cannot tell, and the evidence only
   * from lag {@code partsAt} on.
   */
  static BankCalibration partingAt(long partsAt) {
    int[][] ranks = {{0, 2, 1}, {1, 0, 2}, {0, 1, 2}};
    List<BankStudy> studies = new ArrayList<>();
    for (int s = 0; s < ranks.length; s++) {
      int[] rank = ranks[s];
      studies.add(
          StudyFixtures.study(
              "abc".substring(s, s + 1),
              POOL,
              (c, i, r, t) ->
                  t < partsAt ? 3.0 : 2.0 + 0.1 * rank[i] + 0.004 * (((i + r) % 3) - 1)));
    }
    return new BankCalibration(studies, (s, others) -> new LastValueScorer(Metric.EVAL_LOSS));
  }

  /** Nothing tells the candidates apart before the stage ends: no pick is ever sure. */
  static final BankCalibration UNSURE = partingAt(200);

  /** The same studies, told apart by their losses from step 10 on. */
  static final BankCalibration LATE_SIGNAL = partingAt(10);

  static Hedged hedged(BankCalibration bank, double confidence, double budget) {
    return hedged(bank, confidence, budget, false);
  }

  static Hedged hedged(BankCalibration bank, double confidence, double budget, boolean lookAhead) {
    Map<String, String> specs =
        Map.of("stack-top", "stack-top", "midas", "midas", "zero-new", "zero-new");
    return new Hedged(bank, specs, 10, confidence, 0.05, budget, lookAhead);
  }

  /** A bad argument is named alone, with its value and its range, in one line. */
  @Test
  void eachBadArgumentIsNamedAlone() {
    assertEquals(
        "hedged: confidence=2.0 must be in (0, 1]",
        assertThrows(InvalidInputException.class, () -> hedged(UNSURE, 2, 0.3)).getMessage());
    assertEquals(
        "hedged: budget=-1.0 must be in [0, 100] stages",
        assertThrows(InvalidInputException.class, () -> hedged(UNSURE, 0.8, -1)).getMessage());
  }

  /**
   * Looking ahead: where the bank's evidence has never told the candidates apart before their ends,
   * no reading the budget affords could make a pick sure, so it commits at growth and trains
   * nothing (without the look-ahead it spends the budget first: see spendsNoMoreThanItsBudget).
   */
  @Test
  void looksAheadAndBuysNoEvidenceThatCouldNotDecide() {
    Selection s = select(hedged(UNSURE, 0.99, 0.5, true));
    assertEquals(0, s.lag(), s.reason());
    assertTrue(
        s.reason()
            .startsWith("no reading at the lags the budget still affords after 0 is expected"),
        s.reason());
    assertEquals(0, s.trade().overheadSteps(), "nothing was trained for the pick");
  }

  /** Looking ahead where the bank's evidence decides from lag 10: it trains to the rung. */
  @Test
  void looksAheadAndBuysEvidenceThatCouldDecide() {
    Selection s = select(hedged(LATE_SIGNAL, 0.8, 0.5, true));
    assertTrue(s.lag() >= 10, s.lag() + ": " + s.reason());
    assertTrue(!s.reason().startsWith("no reading"), s.reason());
  }

  /**
   * Sure enough at growth, where looking costs nothing: it commits there, to the calibrated pick.
   */
  @Test
  void commitsAtOnceWhenTheCalibratedPickIsSureEnough() {
    Selection s = select(hedged(BANK, 0.5, 0.3));
    assertEquals(0, s.lag());
    assertEquals("stack-top", s.winner(), s.reason());
    assertEquals(Selection.TieBreak.Rule.CALIBRATED, s.tieBreak().rule());
    assertTrue(s.reason().contains("within 1 seed-noise SD of the best with P="), s.reason());
  }

  /** Never sure and no budget: it commits at growth and says the pick was not decidable. */
  @Test
  void withoutBudgetItSaysThePickWasNotDecidable() {
    Selection s = select(hedged(UNSURE, 0.99, 0.0));
    assertEquals(0, s.lag());
    assertTrue(s.reason().startsWith("not decidable within the budget"), s.reason());
    assertEquals(0, s.compute().steps(), "nothing was trained");
  }

  /** Never sure, a budget: it trains rungs while their overhead fits, never past it. */
  @Test
  void spendsNoMoreThanItsBudget() {
    Selection s = select(hedged(UNSURE, 0.99, 0.5));
    assertTrue(s.lag() > 0, s.reason());
    assertTrue(s.trade().overheadSteps() <= 0.5 * 200, "overhead " + s.trade().overheadSteps());
  }

  /** The last eval loss, but nothing before lag 20 (as the annealing law needs points to fit). */
  static final Scorer LATE =
      new Scorer() {
        @Override
        public String name() {
          return "late";
        }

        @Override
        public Prediction predict(Trajectory t, long k, long finalStep) {
          return k < 20
              ? Prediction.NONE
              : new LastValueScorer(Metric.EVAL_LOSS).predict(t, k, finalStep);
        }
      };

  static Selection select(Hedged policy, Scorer scorer) {
    return LagSelector.builder()
        .setTrainer(PickConfidenceTest.trainer())
        .optPolicy(policy)
        .optScorer(scorer)
        .optFinalStep(200)
        .build()
        .choose(Pool.ofSpecs(POOL));
  }

  /** Rungs where no candidate has a score add no evidence: the race goes on past them. */
  @Test
  void passesOverRungsWhereNothingHasAScoreYet() {
    Selection s = select(hedged(UNSURE, 0.99, 5.0), LATE);
    assertTrue(s.lag() >= 20, s.lag() + ": " + s.reason());
    assertTrue(s.confidence().computed(), s.confidence().measures());
  }

  /** A budget spent before any score: the bank's prior alone chooses, and says so. */
  @Test
  void withNothingScoredWithinTheBudgetTheBanksPriorChooses() {
    Selection s = select(hedged(BANK, 0.99, 0.0), LATE);
    assertEquals(0, s.lag());
    assertTrue(s.reason().contains("nothing was scored before"), s.reason());
    assertTrue(s.confidence().measures().contains("prior alone"), s.confidence().measures());
    assertEquals(s.confidence().likeliest(), s.winner());
    assertEquals(Selection.TieBreak.Rule.CALIBRATED, s.tieBreak().rule());
  }
}
