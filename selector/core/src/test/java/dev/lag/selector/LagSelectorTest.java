package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.CooldownScorer;
import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.StableRanking;
import dev.lag.selector.policy.SuccessiveHalving;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagSelectorTest {
  /** Growth-like curves: right after growth "c" looks best, after a lag "a" does. */
  static Map<String, double[]> curves() {
    Map<String, double[]> c = new LinkedHashMap<>();
    c.put("stack-top", new double[] {3.0, 1.90, 10});
    c.put("midas", new double[] {2.5, 1.95, 10});
    c.put("zero-new", new double[] {2.0, 2.00, 10});
    c.put("interleave", new double[] {2.2, 2.05, 10});
    c.put("stack-all", new double[] {2.8, 2.10, 10});
    c.put("random-new", new double[] {2.6, 2.15, 10});
    c.put("stack-bottom", new double[] {2.9, 2.20, 10});
    c.put("diverges", new double[] {2.0, 1.0, 10, 5});
    return c;
  }

  static Pool pool(Map<String, double[]> curves) {
    return Pool.of(
        curves.keySet().stream().map(n -> new Candidate(n, "stack-all", null, null)).toList());
  }

  static Selection select(dev.lag.selector.policy.SelectionPolicy policy, CurveTrainer trainer) {
    return LagSelector.builder()
        .setTrainer(trainer)
        .optPolicy(policy)
        .optFinalStep(200)
        .build()
        .choose(pool(trainer.curves));
  }

  @Test
  void noLagPicksWhatLooksBestRightAfterGrowthAndALagFixesIt() {
    assertEquals("zero-new", select(new FixedLag(0), new CurveTrainer(curves())).winner());
    CurveTrainer trainer = new CurveTrainer(curves());
    Selection s = select(new FixedLag(50), trainer);
    assertEquals("stack-top", s.winner());
    assertEquals(50, s.lag());
    assertEquals(
        List.of(
            "stack-top",
            "midas",
            "zero-new",
            "interleave",
            "stack-all",
            "random-new",
            "stack-bottom",
            "diverges"),
        s.ranking().stream().map(Selection.Ranked::name).toList());
    Selection.Ranked last = s.ranking().get(7);
    assertEquals(Selection.Status.DIVERGED, last.status());
    assertTrue(Double.isNaN(last.score()));
    assertEquals(7 * 50 + 5, s.compute().steps(), "the diverged candidate stopped at step 5");
    assertEquals(trainer.steps, s.compute().steps());
    assertEquals("fixed-lag(k=50)", s.policy().toString());
    assertEquals("fixed-lag", s.policy().name());
  }

  @Test
  void successiveHalvingReachesTheSamePickWithLessCompute() {
    CurveTrainer fixed = new CurveTrainer(curves());
    CurveTrainer halving = new CurveTrainer(curves());
    Selection a = select(new FixedLag(80), fixed);
    Selection b = select(new SuccessiveHalving(20, 2), halving);
    assertEquals(a.winner(), b.winner());
    assertTrue(
        halving.steps < 0.6 * fixed.steps, "halving " + halving.steps + " vs fixed " + fixed.steps);
    assertEquals(80, b.lag(), "rungs at 20, 40 and 80 steps keep 7 -> 4 -> 2 -> 1");
  }

  @Test
  void stableRankingStopsOnceTheLeaderHoldsAboveTheNoise() {
    CurveTrainer trainer = new CurveTrainer(curves());
    Selection s = select(new StableRanking(10, 3, 500), trainer);
    assertEquals("stack-top", s.winner());
    assertTrue(s.lag() < 500, "settled before maxLag: " + s.lag());
    assertTrue(s.reason().contains("leader held"), s.reason());
  }

  @Test
  void tiedCandidatesAreReported() {
    Map<String, double[]> c = new LinkedHashMap<>();
    c.put("a", new double[] {2.0, 1.9000, 10});
    c.put("b", new double[] {2.0, 1.9000, 10});
    c.put("far", new double[] {3.0, 2.5, 10});
    Selection s =
        LagSelector.builder()
            .setTrainer(new CurveTrainer(c))
            .optPolicy(new FixedLag(30))
            .build()
            .choose(pool(c));
    assertEquals(List.of("b"), s.tiedWithWinner());
  }

  @Test
  void poolsAreValidatedBeforeTraining() {
    assertThrows(InvalidInputException.class, () -> Pool.of(List.of()));
    InvalidInputException dup =
        assertThrows(InvalidInputException.class, () -> Pool.ofSpecs(List.of("midas", "midas")));
    assertTrue(dup.getMessage().contains("duplicate"), dup.getMessage());
    InvalidInputException spec =
        assertThrows(InvalidInputException.class, () -> Candidate.of("midas(b=2"));
    assertTrue(spec.getMessage().contains("growth spec 'midas(b=2'"), spec.getMessage());
    // 2^31 replicas once hung allocating every candidate's per-replica log before saying anything
    InvalidInputException replicas =
        assertThrows(
            InvalidInputException.class,
            () -> LagSelector.builder().optReplicas(Integer.MAX_VALUE));
    assertTrue(replicas.getMessage().startsWith("replicas=2147483647: must be in [1, 64]"));
  }

  @Test
  void aSelectorNeverPicksOnNothing() {
    // The loop reports training losses only; the selection scores held-out losses.
    CandidateTrainer trainLossOnly =
        (candidate, from, until, report) -> {
          for (long step = from + 1; step <= until; step++) {
            report.accept(
                dev.lag.analysis.trajectory.Point.ofLoss(step, candidate.name().length()));
          }
        };
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                LagSelector.builder()
                    .setTrainer(trainLossOnly)
                    .optPolicy(new FixedLag(5))
                    .build()
                    .choose(Pool.ofSpecs(List.of("stack-top", "midas"))));
    assertTrue(e.getMessage().contains("nothing to score at or before step 5"), e.getMessage());
    assertTrue(e.getMessage().contains("[stack-top, midas]"), e.getMessage());
  }

  /**
   * A cooldown probe is taken at the lag, never at growth: no bank study took one there, and it
   * costs steps no policy counts at lag 0. A lag of 0 with a cooldown scorer says so.
   */
  @Test
  void cooldownProbesAreTakenAfterGrowthOnly() {
    List<CandidateTrainer.Window> seen = new java.util.ArrayList<>();
    CurveTrainer curves = new CurveTrainer(curves());
    CandidateTrainer probing =
        new CandidateTrainer() {
          @Override
          public void train(
              Candidate c, long from, long until, java.util.function.Consumer<Point> report) {
            curves.train(c, from, until, report);
          }

          @Override
          public void train(Window w, java.util.function.Consumer<Point> report) {
            seen.add(w);
            List<Point> points = new java.util.ArrayList<>();
            curves.train(w.candidate(), w.from(), w.until(), points::add);
            for (int steps : w.cooldowns()) {
              double loss = CurveTrainer.loss(curves.curves.get(w.candidate().name()), w.until());
              points.set(
                  points.size() - 1,
                  points
                      .get(points.size() - 1)
                      .withProbes(List.of(new Probe(steps, loss - 0.1, BatchLosses.NONE, 1e6))));
            }
            points.forEach(report);
          }
        };
    Selection atTwenty =
        LagSelector.builder()
            .setTrainer(probing)
            .optPolicy(new FixedLag(20))
            .optScorer(new CooldownScorer(5))
            .optFinalStep(200)
            .build()
            .choose(pool(curves.curves));
    assertEquals(20, atTwenty.lag());
    assertTrue(seen.stream().allMatch(w -> w.cooldowns().equals(List.of(5))), seen.toString());

    seen.clear();
    InvalidInputException atGrowth =
        assertThrows(
            InvalidInputException.class,
            () ->
                LagSelector.builder()
                    .setTrainer(probing)
                    .optPolicy(new FixedLag(0))
                    .optScorer(new CooldownScorer(5))
                    .optFinalStep(200)
                    .build()
                    .choose(pool(curves.curves)));
    assertTrue(atGrowth.getMessage().contains("never at growth"), atGrowth.getMessage());
    assertTrue(seen.stream().allMatch(w -> w.cooldowns().isEmpty()), seen.toString());
  }
}
