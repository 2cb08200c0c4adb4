package dev.lag.selector;

import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything recorded so far in one selection: each candidate's trajectory (steps since growth) and
 * the scorer that turns a trajectory into a score. Policies decide from this alone.
 *
 * @param trajectories by candidate, in pool order
 * @param scorer scores a trajectory at a lag (lower is better)
 * @param finalStep the step whose loss the scores predict (the stage's end)
 */
public record SelectionHistory(
    Map<String, Trajectory> trajectories, Scorer scorer, long finalStep) {

  /** The last step a candidate has reached (-1 if never trained). */
  public long reached(String candidate) {
    Trajectory t = trajectories.get(candidate);
    return t == null ? -1 : t.lastStep();
  }

  /** The candidates that have not diverged, in the given order. */
  public List<String> alive(List<String> candidates) {
    List<String> alive = new ArrayList<>();
    for (String c : candidates) {
      if (!diverged(c)) {
        alive.add(c);
      }
    }
    return alive;
  }

  /** Whether the candidate diverged. */
  public boolean diverged(String candidate) {
    Trajectory t = trajectories.get(candidate);
    return t != null && t.diverged();
  }

  /** The candidate's score at lag k (NaN when diverged or not yet there). */
  public Prediction score(String candidate, long k) {
    Trajectory t = trajectories.get(candidate);
    if (t == null || t.diverged() || t.lastStep() < k) {
      return Prediction.NONE;
    }
    return scorer.predict(t, k, finalStep);
  }

  /**
   * The given candidates that reached step k and did not diverge, but have nothing to score there:
   * a policy that ranks at k without their scores would decide on nothing.
   */
  public List<String> unscored(List<String> candidates, long k) {
    List<String> out = new ArrayList<>();
    for (String c : candidates) {
      if (!diverged(c) && reached(c) >= k && Double.isNaN(score(c, k).value())) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The given candidates ordered best first by their score at lag k; diverged and unscored ones
   * last, in their given order.
   */
  public List<String> rank(List<String> candidates, long k) {
    List<String> order = new ArrayList<>(candidates);
    order.sort(Comparator.comparingDouble(c -> orderKey(score(c, k).value())));
    return order;
  }

  private static double orderKey(double score) {
    return Double.isNaN(score) ? Double.POSITIVE_INFINITY : score;
  }
}
