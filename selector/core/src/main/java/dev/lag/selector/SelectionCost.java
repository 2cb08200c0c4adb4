package dev.lag.selector;

import dev.lag.analysis.stats.PairedBootstrap;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What a selection spent ({@link Selection.Compute}) and what its overhead bought ({@link
 * Selection.Trade}).
 */
final class SelectionCost {
  private SelectionCost() {}

  /** Every step, token and FLOP the history holds, cooldown probes included. */
  static Selection.Compute compute(SelectionHistory history, double seconds) {
    long steps = 0;
    double tokens = 0;
    double flops = 0;
    for (List<Trajectory> replicas : history.replicas().values()) {
      for (Trajectory t : replicas) {
        if (t == null || t.isEmpty()) {
          continue;
        }
        List<Point> points = t.points();
        Point first = points.get(0);
        steps += points.get(points.size() - 1).step() - first.step();
        tokens += lastFinite(points, Point::tokens) - first.tokens();
        flops += lastFinite(points, Point::flops) - first.flops();
        flops = withProbeFlops(flops, points);
      }
    }
    return new Selection.Compute(steps, tokens, flops, seconds);
  }

  /**
   * What the overhead bought: the expected regret of the leader at the first step every candidate
   * could be compared, against that of the winner at the lag.
   *
   * @param evidence the paired evidence at the lag among {@code atLag}
   * @param atLag the candidates that reached the lag with a score
   */
  static Selection.Trade trade(
      SelectionHistory history,
      String winner,
      long lag,
      Optional<PairedBootstrap.Result> evidence,
      List<String> atLag) {
    long steps = 0;
    double flops = 0;
    for (Map.Entry<String, List<Trajectory>> e : history.replicas().entrySet()) {
      for (int r = 0; r < e.getValue().size(); r++) {
        Trajectory t = e.getValue().get(r);
        if (t == null || t.isEmpty()) {
          continue;
        }
        List<Point> points = t.points();
        // The winner's own replica is the stage's training, not the selection's overhead.
        if (!(e.getKey().equals(winner) && r == 0)) {
          steps += points.get(points.size() - 1).step() - points.get(0).step();
          flops += lastFinite(points, Point::flops) - points.get(0).flops();
        }
        flops = withProbeFlops(flops, points);
      }
    }
    double regret =
        atLag.contains(winner)
            ? evidence.map(r -> r.expectedRegret(atLag.indexOf(winner))).orElse(Double.NaN)
            : Double.NaN;
    FirstLook first = firstLook(history, winner, lag, atLag);
    return new Selection.Trade(
        steps,
        flops,
        first.step(),
        first.regret(),
        regret,
        regret / history.progressRate(winner, lag));
  }

  /** The first step after growth at which every candidate of the lag could be compared. */
  private record FirstLook(long step, double regret) {}

  private static FirstLook firstLook(
      SelectionHistory history, String winner, long lag, List<String> atLag) {
    Trajectory own =
        history.replicas().getOrDefault(winner, List.of()).stream().findFirst().orElse(null);
    if (own == null) {
      return new FirstLook(-1, Double.NaN);
    }
    boolean evaluated = own.has(Metric.EVAL_LOSS);
    for (Point p : own.points()) {
      // The first look is the first new evidence after growth: an evaluation where there are any.
      if (p.step() <= 0 || p.step() > lag || (evaluated && Double.isNaN(p.evalLoss()))) {
        continue;
      }
      List<String> compared = new ArrayList<>();
      for (String c : atLag) {
        if (!Double.isNaN(history.score(c, p.step()).value())) {
          compared.add(c);
        }
      }
      if (compared.size() < atLag.size() || compared.size() < 2) {
        continue;
      }
      Optional<PairedBootstrap.Result> first = history.evidence(compared, p.step());
      if (first.isPresent()) {
        return new FirstLook(p.step(), first.get().expectedRegret(first.get().leader()));
      }
    }
    return new FirstLook(-1, Double.NaN);
  }

  /** {@code flops} plus every cooldown probe's, added one by one (records stay bit-identical). */
  private static double withProbeFlops(double flops, List<Point> points) {
    for (Point p : points) {
      for (var probe : p.probes()) {
        flops += probe.flops();
      }
    }
    return flops;
  }

  /** The value of the last point that has one (a probe's point carries no counters). */
  private static double lastFinite(List<Point> points, ToDoubleFunction<Point> f) {
    for (int i = points.size() - 1; i >= 0; i--) {
      if (!Double.isNaN(f.applyAsDouble(points.get(i)))) {
        return f.applyAsDouble(points.get(i));
      }
    }
    return Double.NaN;
  }
}
