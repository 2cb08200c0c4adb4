package dev.lag.selector.push;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Pool;
import dev.lag.selector.SelectionHistory;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.SelectionPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A selection for loops that push their losses rather than being called: each candidate's loop
 * holds a {@link Trial}, reports every step, and asks whether to stop. The same policies and
 * scorers as {@link dev.lag.selector.LagSelector} decide, from the same kind of history.
 * Thread-safe: candidates may train in parallel.
 */
public final class PushSelection {
  private final Pool pool;
  private final SelectionPolicy policy;
  private final Scorer scorer;
  private final long finalStep;
  private final Map<String, TreeMap<Long, Point>> reports = new LinkedHashMap<>();

  /**
   * @param pool the candidates
   * @param policy when to stop each candidate and pick
   * @param scorer how a trajectory becomes a score
   * @param finalStep the step the scores predict
   */
  public PushSelection(Pool pool, SelectionPolicy policy, Scorer scorer, long finalStep) {
    this.pool = pool;
    this.policy = policy;
    this.scorer = scorer;
    this.finalStep = finalStep;
    pool.forEach(c -> reports.put(c.name(), new TreeMap<>()));
  }

  /** The handle through which one candidate's loop reports. */
  public Trial trial(String candidate) {
    if (!reports.containsKey(candidate)) {
      throw InvalidInputException.field("candidate", candidate, "not in the pool");
    }
    return new Trial(this, candidate);
  }

  /** Records a step; a repeated step replaces the earlier report (reports are idempotent). */
  synchronized void report(String candidate, Point point) {
    if (point.step() < 0) {
      throw InvalidInputException.field("step", point.step(), "must be >= 0");
    }
    reports.get(candidate).put(point.step(), point);
  }

  /** What the policy decides now, from everything reported. */
  public synchronized Decision decision() {
    return policy.decide(names(), history());
  }

  /** Whether the candidate should stop: the policy has picked, or wants nothing more of it. */
  synchronized boolean shouldStop(String candidate) {
    Decision d = decision();
    return d instanceof Decision.Pick || !((Decision.Train) d).until().containsKey(candidate);
  }

  /** The step the policy wants the candidate trained to, or -1 when it should stop. */
  synchronized long trainUntil(String candidate) {
    Decision d = decision();
    if (d instanceof Decision.Train t && t.until().containsKey(candidate)) {
      return t.until().get(candidate);
    }
    return -1;
  }

  /** The history so far. */
  public synchronized SelectionHistory history() {
    Map<String, Trajectory> trajectories = new LinkedHashMap<>();
    reports.forEach(
        (name, points) -> {
          if (!points.isEmpty()) {
            trajectories.put(name, new Trajectory(name, List.copyOf(points.values())));
          }
        });
    return new SelectionHistory(trajectories, scorer, finalStep);
  }

  private List<String> names() {
    return pool.candidates().stream().map(c -> c.name()).toList();
  }
}
