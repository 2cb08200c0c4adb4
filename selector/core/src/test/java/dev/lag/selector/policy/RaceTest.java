package dev.lag.selector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.WindowTrainer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RaceTest {
  /**
   * Eval loss every 5 steps: {@code level + slope x (1000 - t) + shared batch effect + own noise};
   * the noise of each candidate's batches is the same at every evaluation, so a tie stays a tie.
   */
  record LinearTrainer(Map<String, Double> levels, double slope, double noise)
      implements WindowTrainer {
    @Override
    public void train(Window w, Consumer<Point> report) {
      SplittableRandom own = new SplittableRandom(w.candidate().name().hashCode());
      SplittableRandom shared = new SplittableRandom(7);
      double[] offsets = new double[12];
      for (int b = 0; b < offsets.length; b++) {
        offsets[b] = 0.2 * shared.nextGaussian() + noise * own.nextGaussian();
      }
      for (long t = w.from() == 0 ? 0 : w.from() + 1; t <= w.until(); t++) {
        Point p = new Point(t, 100 * t, 1e6 * t, 3.0, Double.NaN);
        if (t % 5 == 0) {
          double[] batches = new double[offsets.length];
          for (int b = 0; b < batches.length; b++) {
            batches[b] = levels.get(w.candidate().name()) + slope * (1000 - t) + offsets[b];
          }
          BatchLosses losses = BatchLosses.of(batches);
          p = new Point(t, 100 * t, 1e6 * t, 3.0, losses.mean()).withEvalBatches(losses);
        }
        report.accept(p);
      }
    }
  }

  private static Selection race(Map<String, Double> levels, double slope, double noise) {
    return LagSelector.builder()
        .setTrainer(new LinearTrainer(levels, slope, noise))
        .optPolicy(new Race(10, 2, 80))
        .optFinalStep(1000)
        .build()
        .choose(Pool.ofSpecs(List.copyOf(levels.keySet())));
  }

  @Test
  void aLeaderAheadByThePairedEvidenceIsPickedAtTheFirstRung() {
    Selection s = race(Map.of("midas", 1.0, "stack-top", 1.5, "zero-new", 1.6), 1e-3, 0.01);
    assertEquals("midas", s.winner());
    assertEquals(10, s.lag());
    assertTrue(s.reason().contains("ahead of every other candidate"), s.reason());
    assertEquals(30, s.compute().steps(), "three candidates, one rung of 10 steps");
    assertEquals(20, s.trade().overheadSteps(), "the winner's own steps count toward its stage");
  }

  @Test
  void candidatesTiedWithinTheNoiseStopAsSoonAsMoreLagCannotPay() {
    // Learning fast: the expected regret is worth few steps, fewer than another rung costs.
    Selection s =
        race(Map.of("zero-new", 1.000, "stack-top", 1.001, "interleave", 1.0005), 1e-2, 0.05);
    assertEquals(10, s.lag());
    assertTrue(s.reason().contains("tied within the noise"), s.reason());
    assertEquals(Selection.TieBreak.Rule.PRIOR, s.tieBreak().rule());
    assertEquals("stack-top", s.winner(), "the prior decides among the tied");
    assertTrue(s.trade().regret() >= 0);
  }

  @Test
  void aTieWorthMoreThanTheNextRungKeepsRacingUpToMaxLag() {
    // Learning slowly: the same gap is worth many steps, so more lag pays; the tie never resolves.
    Selection s = race(Map.of("zero-new", 1.000, "stack-top", 1.001, "midas", 3.0), 1e-7, 0.05);
    assertEquals(80, s.lag());
    assertTrue(s.reason().startsWith("maxLag=80 reached"), s.reason());
    // midas drops out at the first rung: 3 x 10, then 2 x (20 + 40 + 80 - 10).
    assertEquals(30 + 2 * 70, s.compute().steps());
  }

  @Test
  void thePriorAloneTrainsNothingAndSaysSo() {
    Selection s =
        LagSelector.builder()
            .setTrainer(new LinearTrainer(Map.of("zero-new", 1.0, "midas", 2.0), 1e-3, 0.01))
            .optPolicy(Policies.parse("prior"))
            .build()
            .choose(Pool.ofSpecs(List.of("zero-new", "midas")));
    assertEquals("midas", s.winner(), "copying before function-preserving");
    assertEquals(0, s.compute().steps());
    assertEquals(Selection.TieBreak.Rule.PRIOR, s.tieBreak().rule());
    assertEquals(List.of("zero-new"), s.tiedWithWinner());
    assertTrue(s.uncertainty().startsWith("none: no candidate was trained"), s.uncertainty());
  }

  @Test
  void longestLagIsTheLastRungWithinMaxLag() {
    assertEquals(80, new Race(10, 2, 100).longestLag(7));
    assertEquals(40, new SuccessiveHalving(10, 2).longestLag(7));
    assertEquals(10, new SuccessiveHalving(10, 2).longestLag(2));
    assertEquals(
        "race(r=20, eta=2, maxLag=160)", Policies.parse("race(r=20)").describe(), "default maxLag");
    assertThrows(InvalidInputException.class, () -> new Race(10, 2, 5));
  }
}
