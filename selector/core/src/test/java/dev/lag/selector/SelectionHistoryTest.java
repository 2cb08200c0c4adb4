package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionHistoryTest {
  /** A run along {@code losses}, one per step from 0. */
  private static Trajectory run(String name, double... losses) {
    List<Point> points = new ArrayList<>();
    for (int s = 0; s < losses.length; s++) {
      points.add(new Point(s, 0, 0, s == 0 ? Double.NaN : losses[s], losses[s]));
    }
    return new Trajectory(name, points);
  }

  private static SelectionHistory history(Map<String, List<Trajectory>> runs) {
    return new SelectionHistory(runs, 1, new LastValueScorer(Metric.EVAL_LOSS), 100);
  }

  @Test
  void twinsAreReadUpToTheLagOnly() {
    Map<String, List<Trajectory>> runs = new LinkedHashMap<>();
    runs.put("a", List.of(run("a", 3, 2.5, 2.2, 2.0)));
    runs.put("b", List.of(run("b", 3, 2.5, 2.2, 2.1))); // parts from a after step 2
    runs.put("c", List.of(run("c", 3, 2.6, 2.3)));
    SelectionHistory h = history(runs);
    List<String> all = List.of("a", "b", "c");
    assertArrayEquals(new int[] {0, 0, 2}, h.twins(all, 2).first(), "alike up to 2");
    assertArrayEquals(new int[] {0, 1, 2}, h.twins(all, 3).first(), "apart at 3");
    assertArrayEquals(new int[] {0, 1, 2}, h.twins(all, 0).first(), "nothing trained at 0");
    assertArrayEquals(new int[] {0, 0}, h.twins(List.of("b", "a"), 1).first());
  }

  @Test
  void aCandidateWithoutRunsIsNobodysTwin() {
    Map<String, List<Trajectory>> runs = new LinkedHashMap<>();
    runs.put("a", Arrays.asList((Trajectory) null));
    runs.put("b", Arrays.asList((Trajectory) null));
    assertArrayEquals(new int[] {0, 1, 2}, history(runs).twins(List.of("a", "b", "z"), 5).first());
  }
}
