package dev.lag.selector;

import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.policy.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The last step of LAG, shared by every front door ({@link LagSelector}, {@link
 * dev.lag.selector.push.PushSelection}, {@code lag serve}): score every candidate at the lag, rank,
 * and name the candidates the winner cannot be told from.
 */
public final class Ranking {
  private Ranking() {}

  /**
   * The selection a pick makes of a history.
   *
   * @param names the pool's candidates, in pool order
   * @param history everything the candidates reported
   * @param pick the policy's pick: the lag whose scores decide, and why
   * @param policy the policy as written in configs
   * @param seconds wall-clock seconds the selection took
   */
  public static Selection at(
      List<String> names,
      SelectionHistory history,
      Decision.Pick pick,
      String policy,
      double seconds) {
    // Every candidate is scored at the lag: one that reported past it is scored there too, so
    // steps past the lag buy nothing. A candidate a policy dropped earlier is scored where it
    // stopped and ranks below every candidate that reached the lag; diverged candidates rank last.
    List<Selection.Ranked> scored = new ArrayList<>();
    for (String name : names) {
      Prediction p = scoreAtOrBefore(history, name, pick.lag());
      scored.add(
          new Selection.Ranked(
              0,
              name,
              p.value(),
              p.stdError(),
              Math.max(0, history.reached(name)),
              history.diverged(name) ? Selection.Status.DIVERGED : Selection.Status.OK));
    }
    scored.sort(
        Comparator.comparing((Selection.Ranked r) -> r.status() == Selection.Status.DIVERGED)
            .thenComparing(r -> -Math.min(r.stepsTrained(), pick.lag()))
            .thenComparingDouble(
                r -> Double.isNaN(r.score()) ? Double.POSITIVE_INFINITY : r.score()));
    List<Selection.Ranked> ranking = new ArrayList<>();
    for (Selection.Ranked r : scored) {
      ranking.add(
          new Selection.Ranked(
              ranking.size() + 1, r.name(), r.score(), r.stdError(), r.stepsTrained(), r.status()));
    }
    Selection.Ranked winner = ranking.get(0);
    return new Selection(
        winner.name(),
        ranking,
        tiedWith(winner, ranking, pick.lag()),
        pick.lag(),
        pick.reason(),
        policy,
        history.scorer().name(),
        history.trajectories(),
        compute(history, seconds));
  }

  private static Prediction scoreAtOrBefore(SelectionHistory history, String name, long lag) {
    long at = Math.min(lag, history.reached(name));
    return history.diverged(name) || at < 0 ? Prediction.NONE : history.score(name, at);
  }

  /** Candidates whose score is within the combined standard error of the winner's. */
  private static List<String> tiedWith(
      Selection.Ranked winner, List<Selection.Ranked> ranking, long lag) {
    List<String> tied = new ArrayList<>();
    for (Selection.Ranked r : ranking.subList(1, ranking.size())) {
      double se = Math.hypot(zero(r.stdError()), zero(winner.stdError()));
      if (Double.isFinite(r.score())
          && Math.min(r.stepsTrained(), lag) == Math.min(winner.stepsTrained(), lag)
          && r.score() - winner.score() <= se) {
        tied.add(r.name());
      }
    }
    return tied;
  }

  private static Selection.Compute compute(SelectionHistory history, double seconds) {
    long steps = 0;
    double tokens = 0;
    double flops = 0;
    for (Trajectory t : history.trajectories().values()) {
      List<Point> points = t.points();
      Point first = points.get(0);
      Point last = points.get(points.size() - 1);
      steps += last.step() - first.step();
      tokens += last.tokens() - first.tokens();
      flops += last.flops() - first.flops();
    }
    return new Selection.Compute(steps, tokens, flops, seconds);
  }

  private static double zero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
