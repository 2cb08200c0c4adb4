package dev.lag.analysis.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryTest {
  static final Trajectory T =
      new Trajectory(
          "t",
          List.of(
              Point.ofLoss(10, 3.0),
              Point.ofLoss(0, 5.0),
              new Point(10, Double.NaN, Double.NaN, Double.NaN, 2.9),
              Point.ofLoss(20, 2.0),
              Point.ofLoss(30, 1.0)));

  @Test
  void sortsAndMergesLinesOfTheSameStep() {
    assertEquals(4, T.size());
    assertEquals(3.0, T.points().get(1).trainLoss());
    assertEquals(
        2.9, T.points().get(1).evalLoss(), "eval line merged into the train line of step 10");
  }

  @Test
  void valueAtIsTheLastValueAtOrBefore() {
    assertEquals(Double.NaN, T.valueAt(Metric.TRAIN_LOSS, -1));
    assertEquals(5.0, T.valueAt(Metric.TRAIN_LOSS, 9));
    assertEquals(3.0, T.valueAt(Metric.TRAIN_LOSS, 10));
    assertEquals(1.0, T.valueAt(Metric.TRAIN_LOSS, 1000));
    assertEquals(2.9, T.valueAt(Metric.EVAL_LOSS, 25), "eval carried forward from step 10");
    assertEquals(10, T.stepOfValueAt(Metric.EVAL_LOSS, 25));
  }

  @Test
  void smoothing() {
    assertEquals((2.0 + 1.0) / 2, T.trailingMean(Metric.TRAIN_LOSS, 30, 15), 1e-12);
    // Half-life 10 steps and 10-step gaps: each new value gets weight 1/2.
    assertEquals(
        ((5.0 * 0.5 + 3.0 * 0.5) * 0.5 + 2.0 * 0.5) * 0.5 + 1.0 * 0.5,
        T.ema(Metric.TRAIN_LOSS, 30, 10),
        1e-12);
    assertEquals(
        T.ema(Metric.TRAIN_LOSS, 20, 10), T.upTo(25).ema(Metric.TRAIN_LOSS, 100, 10), 1e-12);
  }

  @Test
  void divergence() {
    assertFalse(T.diverged());
    assertTrue(new Trajectory("d", List.of(Point.ofLoss(1, Double.POSITIVE_INFINITY))).diverged());
    assertTrue(new Trajectory("d", List.of(Point.ofLoss(1, 2)), true).upTo(0).diverged());
  }

  /** Read at any step, the remembered series is the prefix's own, and the caller's to change. */
  @Test
  void aSeriesUpToAStepIsThePrefixsSeries() {
    List<Point> points = new java.util.ArrayList<>();
    for (long step = 0; step <= 100; step += 10) {
      double eval = step % 20 == 0 ? 2.0 - step / 100.0 : Double.NaN;
      points.add(new Point(step, step, step, 3.0 - step / 50.0, eval));
    }
    Trajectory t = new Trajectory("t", points);
    for (Metric m : List.of(Metric.EVAL_LOSS, Metric.TRAIN_LOSS)) {
      for (long k : new long[] {-1, 0, 5, 10, 20, 55, 100, 1000}) {
        Trajectory.Series want = t.upTo(k).series(m);
        Trajectory.Series got = t.seriesUpTo(m, k);
        assertArrayEquals(want.steps(), got.steps(), m + " at " + k);
        assertArrayEquals(want.values(), got.values(), m + " at " + k);
      }
    }
    t.seriesUpTo(Metric.EVAL_LOSS, 100).values()[0] = 99;
    assertEquals(2.0, t.series(Metric.EVAL_LOSS).values()[0]);
  }
}
