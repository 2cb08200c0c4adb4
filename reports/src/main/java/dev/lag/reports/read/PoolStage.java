package dev.lag.reports.read;

import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.curve.LagPoint;
import dev.lag.analysis.io.RunStatus;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.RankedCandidate;
import dev.lag.reports.StageReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pool whose candidates all ran to the end (a study, or logs from any framework) as one stage:
 * the ranking LAG would have made at a lag, next to the final ranking.
 */
final class PoolStage {
  private PoolStage() {}

  /**
   * The lag to show: the earliest from which the pick never changes again, or else the first lag
   * after growth.
   */
  static long lag(LagCurveResult curve) {
    long first = curve.finalStep();
    for (LagPoint p : curve.points()) {
      if (p.step() > 0 && p.step() < first) {
        first = p.step();
      }
    }
    return curve.stableFrom() > 0 && curve.stableFrom() < curve.finalStep()
        ? curve.stableFrom()
        : first;
  }

  static StageReport of(
      String title,
      List<Trajectory> pool,
      LagCurveResult curve,
      Scorer scorer,
      Metric metric,
      int depth) {
    long k = lag(curve);
    LagPoint at = curve.points().stream().filter(p -> p.step() == k).findFirst().orElse(null);
    Map<String, Prediction> scores = new LinkedHashMap<>();
    for (Trajectory t : pool) {
      scores.put(
          t.name(), t.diverged() ? Prediction.NONE : scorer.predict(t, k, curve.finalStep()));
    }
    List<Trajectory> order = new ArrayList<>(pool);
    order.sort(
        Comparator.comparingDouble(
            t ->
                Double.isNaN(scores.get(t.name()).value())
                    ? Double.POSITIVE_INFINITY
                    : scores.get(t.name()).value()));
    String pick = at != null ? at.pick() : order.get(0).name();
    List<String> tied = at != null ? at.tiedWithPick() : List.of();
    Map<String, Integer> finalRanks = SelectionRecord.finalRanks(curve.finalValues());
    List<RankedCandidate> ranking = new ArrayList<>();
    for (Trajectory t : order) {
      Prediction p = scores.get(t.name());
      ranking.add(
          new RankedCandidate(
              ranking.size() + 1,
              t.name(),
              p.value(),
              p.stdError(),
              t.lastStep(),
              (t.diverged() ? RunStatus.DIVERGED : RunStatus.COMPLETED).label(),
              t.name().equals(pick) || tied.contains(t.name()),
              finalRanks.getOrDefault(t.name(), 0),
              curve.finalValues().getOrDefault(t.name(), Double.NaN)));
    }
    String reason =
        k == curve.stableFrom()
            ? "what LAG would have picked at lag "
                + k
                + ", the earliest lag from which that pick no"
                + " longer changes"
            : "what LAG would have picked at lag "
                + k
                + ", the first lag on the grid (the pick"
                + " changes later)";
    return new StageReport(
        title,
        1,
        depth,
        k,
        curve.finalStep(),
        pick,
        reason,
        "",
        scorer.name(),
        metric.label(),
        ranking,
        pool,
        Double.NaN);
  }
}
