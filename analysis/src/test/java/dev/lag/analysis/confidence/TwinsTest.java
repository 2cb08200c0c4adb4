package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwinsTest {
  /** A run that starts at {@code start} and falls by {@code rate} a step. */
  static Trajectory run(String name, double start, double rate, int steps) {
    List<Point> points = new ArrayList<>();
    for (int s = 0; s <= steps; s++) {
      double loss = start - rate * Math.log1p(s);
      points.add(new Point(s, s * 1024.0, s * 1e9, s == 0 ? Double.NaN : loss, loss));
    }
    return new Trajectory(name, points);
  }

  @Test
  void identicalRunsAreOneModel() {
    Twins t =
        Twins.of(
            List.of(
                run("a", 3, 0.1, 20),
                run("b", 3, 0.2, 20),
                run("c", 3, 0.1, 20),
                run("d", 3, 0.1, 20)));
    assertArrayEquals(new int[] {0, 1, 0, 0}, t.first());
    assertTrue(t.any());
    assertArrayEquals(new int[] {0, 1}, t.distinct());
    assertEquals(1, t.groups().size());
    assertArrayEquals(new int[] {0, 2, 3}, t.groups().get(0));
  }

  @Test
  void runsThatAgreeOnlyAtGrowthAreNot() {
    // Function-preserving operators start at the source's loss and part at the first step.
    Twins t = Twins.of(List.of(run("a", 3, 0.1, 0), run("b", 3, 0.1, 0)));
    assertFalse(t.any(), "nothing trained yet");
    Twins parted = Twins.of(List.of(run("a", 3, 0.1, 5), run("b", 3, 0.1 + 1e-15, 5)));
    assertFalse(parted.any(), "one bit apart after growth");
  }

  @Test
  void everyReplicaMustAgree() {
    Trajectory x = run("x", 3, 0.1, 10);
    Trajectory y = run("y", 3, 0.12, 10);
    assertTrue(Twins.ofReplicas(List.of(List.of(x, y), List.of(x, y))).any());
    assertFalse(Twins.ofReplicas(List.of(List.of(x, y), List.of(x, x))).any());
    assertFalse(Twins.ofReplicas(List.of(List.of(x), List.of(x, y))).any(), "fewer replicas");
  }

  @Test
  void aDivergedRunIsNobodysTwin() {
    List<Point> nan = new ArrayList<>(run("a", 3, 0.1, 5).points());
    nan.add(new Point(6, 0, 0, Double.POSITIVE_INFINITY, Double.NaN));
    Trajectory a = new Trajectory("a", nan);
    assertFalse(Twins.of(List.of(a, new Trajectory("b", nan))).any());
  }

  @Test
  void aSubsetKeepsItsTwinsInItsOwnOrder() {
    Twins t = new Twins(new int[] {0, 1, 0, 1, 4});
    assertArrayEquals(new int[] {0, 1, 0}, t.of(new int[] {3, 2, 1}).first());
    assertArrayEquals(new int[] {0, 1}, t.of(new int[] {4, 0}).first());
  }

  @Test
  void refusesPlacesThatDoNotNameTheFirstOfAGroup() {
    assertThrows(IllegalArgumentException.class, () -> new Twins(new int[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> new Twins(new int[] {0, 0, 1}));
  }

  @Test
  void aPickCountsEachModelOnce() {
    Outcome o =
        Outcome.centred(
            new double[] {1, 1, 1, 4},
            new double[] {0, 0, 0, 2},
            new double[] {0, 0, 0, 3},
            new Twins(new int[] {0, 0, 0, 3}));
    Outcome d = o.distinct();
    assertArrayEquals(new double[] {-1.5, 1.5}, d.outcome(), 1e-12);
    assertFalse(d.twins().any());
  }
}
