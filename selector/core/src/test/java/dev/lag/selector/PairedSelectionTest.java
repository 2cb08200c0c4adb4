package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.policy.FixedLag;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Selections that carry their evidence: a trainer that reports per-batch held-out losses on shared
 * batches and trains seed replicas, and the ranking, ties and tie-break that follow.
 */
class PairedSelectionTest {
  /**
   * Every candidate's eval loss at the lag is {@code level + batch effect + replica effect +
   * noise}; the batch and replica effects are shared by all candidates, as shared batches and data
   * orders are.
   */
  static final class LevelsTrainer implements WindowTrainer {
    final Map<String, Double> levels;
    final double noise;

    LevelsTrainer(Map<String, Double> levels, double noise) {
      this.levels = levels;
      this.noise = noise;
    }

    @Override
    public void train(Window w, Consumer<Point> report) {
      SplittableRandom own =
          new SplittableRandom(w.candidate().name().hashCode() * 31L + w.replica());
      SplittableRandom shared = new SplittableRandom(99);
      double replicaEffect = 0.05 * new SplittableRandom(w.replica() + 1000).nextGaussian();
      double[] batches = new double[10];
      for (int b = 0; b < batches.length; b++) {
        batches[b] =
            levels.get(w.candidate().name())
                + 0.3 * shared.nextGaussian()
                + replicaEffect
                + noise * own.nextGaussian();
      }
      BatchLosses losses = BatchLosses.of(batches);
      for (long t = w.from() + 1; t <= w.until(); t++) {
        Point p = new Point(t, 100 * t, 1e6 * t, 2.0, t == w.until() ? losses.mean() : Double.NaN);
        report.accept(t == w.until() ? p.withEvalBatches(losses) : p);
      }
    }
  }

  static Selection select(Map<String, Double> levels, double noise, int replicas) {
    return LagSelector.builder()
        .setTrainer(new LevelsTrainer(levels, noise))
        .optPolicy(new FixedLag(10))
        .optReplicas(replicas)
        .build()
        .choose(Pool.ofSpecs(List.copyOf(levels.keySet())));
  }

  @Test
  void aClearLeaderWinsByScoreAndTheIntervalsSaySo() {
    Selection s = select(Map.of("zero-new", 1.90, "stack-top", 2.00, "midas", 2.01), 0.005, 1);
    assertEquals("zero-new", s.winner());
    assertEquals(Selection.TieBreak.Rule.SCORE, s.tieBreak().rule());
    assertEquals(List.of(), s.tiedWithWinner());
    assertTrue(s.uncertainty().startsWith("paired bootstrap over 10 eval batches"));
    Selection.Ranked second = s.ranking().get(1);
    assertTrue(second.differenceLow() > 0, "clearly behind: " + second);
  }

  @Test
  void tiedLeadersAreBrokenByThePriorAndTheRecordSaysSo() {
    // zero-new and stack-top are a hair apart, well within the noise; midas is far behind.
    Selection s = select(Map.of("zero-new", 1.999, "stack-top", 2.000, "midas", 2.3), 0.05, 1);
    assertEquals(s.ranking().get(0).name(), s.tieBreak().leader(), "the best score");
    assertEquals(Selection.TieBreak.Rule.PRIOR, s.tieBreak().rule());
    assertEquals("stack-top", s.winner(), "the default prior puts copying operators first");
    assertEquals(List.of("zero-new"), s.tiedWithWinner());
    assertTrue(s.reason().contains("the prior chose stack-top"), s.reason());
  }

  @Test
  void aPriorFromElsewhereDecidesTiesItsWay() {
    Selection s =
        LagSelector.builder()
            .setTrainer(new LevelsTrainer(Map.of("zero-new", 1.999, "stack-top", 2.0), 0.05))
            .optPolicy(new FixedLag(10))
            .optPrior(new Prior(List.of("zero-new", "stack-top"), "bank: 3 studies"))
            .build()
            .choose(Pool.ofSpecs(List.of("stack-top", "zero-new")));
    assertEquals("zero-new", s.winner());
    assertEquals("bank: 3 studies", s.tieBreak().prior());
  }

  @Test
  void replicasAreTrainedScoredAndCounted() {
    Selection one = select(Map.of("a-op", 2.0, "b-op", 2.02), 0.01, 1);
    Selection three = select(Map.of("a-op", 2.0, "b-op", 2.02), 0.01, 3);
    assertEquals(3, three.replicas());
    assertEquals(3, three.replicaTrajectories().get("a-op").size());
    assertEquals(3 * one.compute().steps(), three.compute().steps(), "every replica's steps");
    assertTrue(three.uncertainty().contains("3 seed replicas"), three.uncertainty());
  }
}
