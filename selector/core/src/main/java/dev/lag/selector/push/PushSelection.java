package dev.lag.selector.push;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Candidate;
import dev.lag.selector.Pool;
import dev.lag.selector.Prior;
import dev.lag.selector.Ranking;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionHistory;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.SelectionPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A selection for loops that push their losses rather than being called: each candidate's loop
 * holds a {@link Trial}, reports every step, and asks whether to stop. The same policies, scorers
 * and ranking as {@link dev.lag.selector.LagSelector} decide, from the same kind of history.
 * Thread-safe: candidates may train in parallel.
 *
 * <p>A pick is final. Loops act on it at once (the loser's model is deleted, the winner trains on),
 * so once the policy has picked, nothing reported later changes the pick: a stopped candidate's
 * reports are recorded without effect, a winner that diverges is told so and no stopped candidate
 * is brought back, and the winner is told {@code DONE} at the end of the stage, after which reports
 * are refused.
 */
public final class PushSelection {
  private final Map<String, String> specs;
  private final List<String> names;
  private final SelectionPolicy policy;
  private final Scorer scorer;
  private final long finalStep;
  private final int replicas;
  private final Prior prior;
  private final long created = System.nanoTime();
  // Per candidate, per replica: the reports by step.
  private final Map<String, List<TreeMap<Long, Point>>> reports = new LinkedHashMap<>();
  // A service asks for the decision after every report: the history and the policy's decision are
  // cached, and only the trajectories of candidates that reported since are rebuilt.
  private final Map<String, List<Trajectory>> trajectories = new LinkedHashMap<>();
  private final java.util.Set<String> dirty = new java.util.HashSet<>();
  private SelectionHistory history;
  private Decision decision;
  // The ranking of a pick (a paired bootstrap): a loop asks shouldStop, isWinner and trainUntil
  // after every step, so it is built once per change of the history, not once per question.
  private Optional<Selection> result;
  // The pick, once made: final whatever is reported after it.
  private Selection committed;
  // The step at which the winner diverged after the pick; -1 while it has not.
  private long winnerDivergedAt = -1;

  /**
   * @param pool the candidates
   * @param policy when to stop each candidate and pick
   * @param scorer how a trajectory becomes a score
   * @param finalStep the step the scores predict
   */
  public PushSelection(Pool pool, SelectionPolicy policy, Scorer scorer, long finalStep) {
    this(specs(pool), policy, scorer, finalStep, 1, Prior.DEFAULT);
  }

  /**
   * A selection among candidates known only by name: the loop that trains them grows them its own
   * way (another framework, say).
   */
  public PushSelection(
      List<String> candidates, SelectionPolicy policy, Scorer scorer, long finalStep) {
    this(byName(candidates), policy, scorer, finalStep, 1, Prior.DEFAULT);
  }

  /**
   * A selection in full.
   *
   * @param specs each candidate's growth spec (or its name, when the loop grows its own way), in
   *     pool order
   * @param policy when to stop each candidate and pick
   * @param scorer how a trajectory becomes a score
   * @param finalStep the step the scores predict
   * @param replicas seed replicas each candidate reports (replica 0 to replicas - 1)
   * @param prior breaks ties among the leaders
   */
  public PushSelection(
      Map<String, String> specs,
      SelectionPolicy policy,
      Scorer scorer,
      long finalStep,
      int replicas,
      Prior prior) {
    if (specs.isEmpty()) {
      throw new InvalidInputException("candidates: empty; give at least one candidate");
    }
    if (replicas < 1) {
      throw InvalidInputException.field("replicas", replicas, "must be at least 1");
    }
    this.specs = new LinkedHashMap<>(specs);
    this.names = List.copyOf(specs.keySet());
    this.policy = policy;
    this.scorer = scorer;
    this.finalStep = finalStep;
    this.replicas = replicas;
    this.prior = prior;
    for (String c : names) {
      List<TreeMap<Long, Point>> perReplica = new ArrayList<>();
      for (int r = 0; r < replicas; r++) {
        perReplica.add(new TreeMap<>());
      }
      reports.put(c, perReplica);
    }
  }

  private static Map<String, String> specs(Pool pool) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Candidate c : pool) {
      out.put(c.name(), c.growth());
    }
    return out;
  }

  private static Map<String, String> byName(List<String> candidates) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : candidates) {
      if (out.put(c, c) != null) {
        throw InvalidInputException.field("candidates", c, "duplicate candidate name");
      }
    }
    return out;
  }

  /** The handle through which one candidate's loop reports (replica 0). */
  public Trial trial(String candidate) {
    return trial(candidate, 0);
  }

  /** The handle through which one replica of a candidate reports. */
  public Trial trial(String candidate, int replica) {
    requireCandidate(candidate, replica);
    return new Trial(this, candidate, replica);
  }

  /** Records a step of replica 0; see {@link #report(String, int, Point)}. */
  public synchronized boolean report(String candidate, Point point) {
    return report(candidate, 0, point);
  }

  /**
   * Records a step of one replica; a repeated step replaces the earlier report (reports are
   * idempotent).
   *
   * @return whether anything changed (false for an exact repeat)
   */
  public synchronized boolean report(String candidate, int replica, Point point) {
    requireCandidate(candidate, replica);
    if (point.step() < 0) {
      throw InvalidInputException.field("step", point.step(), "must be >= 0");
    }
    if (committed != null) {
      return reportAfterPick(candidate, replica, point);
    }
    boolean changed = !point.equals(reports.get(candidate).get(replica).put(point.step(), point));
    if (changed) {
      dirty.add(candidate);
      history = null;
      decision = null;
      result = null;
    }
    return changed;
  }

  /**
   * A report once the pick is made: the winner's steps of the stage are kept (its divergence is
   * noted), anything past the stage is refused, and a stopped candidate's report changes nothing.
   */
  private boolean reportAfterPick(String candidate, int replica, Point point) {
    if (!candidate.equals(committed.winner())) {
      return false;
    }
    if (point.step() > finalStep) {
      throw InvalidInputException.field(
          "step",
          point.step(),
          "past the stage's final step " + finalStep + ": the stage is over (the winner is done)");
    }
    if (!Double.isFinite(point.trainLoss()) && !Double.isNaN(point.trainLoss())
        || Double.isInfinite(point.evalLoss())) {
      winnerDivergedAt = winnerDivergedAt < 0 ? point.step() : winnerDivergedAt;
    }
    boolean changed = !point.equals(reports.get(candidate).get(replica).put(point.step(), point));
    if (changed) {
      // The history shows the winner training on; the pick itself stays as it was.
      dirty.add(candidate);
      history = null;
    }
    return changed;
  }

  /** Seed replicas per candidate. */
  public int replicas() {
    return replicas;
  }

  /** What the policy decides now, from everything reported. */
  public synchronized Decision decision() {
    if (committed != null) {
      return new Decision.Pick(committed.lag(), committed.reason());
    }
    if (decision == null) {
      decision = policy.decide(names, history());
    }
    return decision;
  }

  /**
   * Whether the candidate's loop should stop training it: the policy wants nothing more of it (it
   * lost, was dropped, or waits at a rung). Never true for the winner while it trains on; true for
   * a winner that diverged after the pick.
   */
  synchronized boolean shouldStop(String candidate) {
    return trainUntil(candidate) < 0 && (!isWinner(candidate) || winnerDivergedAt >= 0);
  }

  /** Whether the policy has picked and this candidate won. */
  synchronized boolean isWinner(String candidate) {
    requireCandidate(candidate);
    return result().map(r -> r.winner().equals(candidate)).orElse(false);
  }

  /**
   * The step the policy wants the candidate trained to: the winner's is the end of the stage; -1
   * when it should stop.
   */
  public synchronized long trainUntil(String candidate) {
    requireCandidate(candidate);
    if (winnerDivergedAt >= 0) {
      return -1;
    }
    Decision d = decision();
    if (d instanceof Decision.Train t && t.until().containsKey(candidate)) {
      return t.until().get(candidate);
    }
    return isWinner(candidate) ? finalStep : -1;
  }

  /**
   * Whether the candidate has reached the step the policy asked of it and waits for the others to
   * get there (a synchronous rung, or the lag). Loops that train candidates in parallel pause it;
   * the policy then either sends it further or drops it. A loop that trains candidates one after
   * another treats waiting as stopping, as {@link Trial#shouldStop} does.
   */
  public synchronized boolean waiting(String candidate) {
    requireCandidate(candidate);
    SelectionHistory h = history();
    if (decision() instanceof Decision.Train t
        && !t.until().containsKey(candidate)
        && !h.diverged(candidate)) {
      long reached = h.reached(candidate);
      return reached >= 0 && t.until().values().stream().allMatch(target -> target <= reached);
    }
    return false;
  }

  /**
   * What the candidate's loop should do now: continue to a step, wait for the others, or stop (and
   * whether it won).
   */
  public synchronized Advice advice(String candidate) {
    long until = trainUntil(candidate);
    if (until >= 0 && !isWinner(candidate)) {
      return new Advice(
          candidate,
          Advice.Action.CONTINUE,
          until,
          false,
          "train to step " + until + " under " + policy.describe());
    }
    if (decision() instanceof Decision.Missing missing && !history().diverged(candidate)) {
      boolean own = missing.unscored().contains(candidate);
      return new Advice(
          candidate,
          Advice.Action.WAIT,
          history().reached(candidate),
          false,
          (own ? "nothing to score at or before step " : "waiting for a score at or before step ")
              + missing.step()
              + " from "
              + String.join(", ", missing.unscored())
              + ": "
              + policy.describe()
              + " ranks there, and the scorer finds none of what it reads (report it for a step"
              + " <= "
              + missing.step()
              + ", e.g. that step again with it)");
    }
    if (waiting(candidate)) {
      return new Advice(
          candidate,
          Advice.Action.WAIT,
          history().reached(candidate),
          false,
          "reached the step "
              + policy.describe()
              + " asked for; pause it until the others get there, then ask again");
    }
    Optional<Selection> result = result();
    if (result.isPresent()) {
      Selection r = result.get();
      if (r.winner().equals(candidate) && winnerDivergedAt >= 0) {
        return new Advice(
            candidate,
            Advice.Action.STOP,
            -1,
            true,
            "diverged at step "
                + winnerDivergedAt
                + " after it won at lag "
                + r.lag()
                + ": the pick stands and no stopped candidate is brought back (their models may"
                + " be gone); to choose again, start a new selection from the growth point");
      }
      if (r.winner().equals(candidate) && reachedByWinner() >= finalStep) {
        return new Advice(
            candidate,
            Advice.Action.DONE,
            finalStep,
            true,
            "the stage is over: it won at lag " + r.lag() + " and reached step " + finalStep);
      }
      if (r.winner().equals(candidate)) {
        return new Advice(
            candidate,
            Advice.Action.WON,
            finalStep,
            true,
            "won at lag " + r.lag() + " (" + r.reason() + "): keep training it to the end");
      }
      return new Advice(
          candidate,
          Advice.Action.STOP,
          -1,
          false,
          r.winner() + " won at lag " + r.lag() + " (" + r.reason() + ")");
    }
    return new Advice(
        candidate,
        Advice.Action.STOP,
        -1,
        false,
        "dropped by " + policy.describe() + ": the others went on");
  }

  /** The candidates the policy cannot rank for want of a score (empty when it can). */
  public synchronized List<String> unscored() {
    return decision() instanceof Decision.Missing m ? m.unscored() : List.of();
  }

  /** The selection, once the policy has picked; from then on it never changes. */
  public synchronized Optional<Selection> result() {
    if (committed != null) {
      return Optional.of(committed);
    }
    if (result == null) {
      result =
          decision() instanceof Decision.Pick pick
              ? Optional.of(Ranking.at(specs, history(), pick, policy.describe(), prior, seconds()))
              : Optional.empty();
      committed = result.orElse(null);
    }
    return result;
  }

  /** The furthest step the winner (replica 0) reported. */
  private long reachedByWinner() {
    TreeMap<Long, Point> own = reports.get(committed.winner()).get(0);
    return own.isEmpty() ? -1 : own.lastKey();
  }

  /**
   * The ranking so far, before the policy has picked: every candidate scored at the furthest step
   * that all candidates still training have reached. Its winner is provisional.
   */
  public synchronized Selection provisional() {
    SelectionHistory h = history();
    long common = Long.MAX_VALUE;
    for (String c : names) {
      if (!h.diverged(c)) {
        common = Math.min(common, Math.max(0, h.reached(c)));
      }
    }
    long lag = common == Long.MAX_VALUE ? 0 : common;
    return Ranking.at(
        specs,
        h,
        new Decision.Pick(lag, "provisional: the furthest step every candidate reached"),
        policy.describe(),
        prior,
        seconds());
  }

  /** The candidates, in pool order. */
  public List<String> candidates() {
    return names;
  }

  /** The policy as written in configs. */
  public String policy() {
    return policy.describe();
  }

  /** The history so far. */
  public synchronized SelectionHistory history() {
    if (history == null) {
      for (String name : dirty) {
        List<Trajectory> list = new ArrayList<>();
        for (TreeMap<Long, Point> replica : reports.get(name)) {
          if (replica.isEmpty()) {
            break; // a replica that has not reported yet: the candidate has not reached a step
          }
          list.add(new Trajectory(name, List.copyOf(replica.values())));
        }
        trajectories.put(name, list);
      }
      dirty.clear();
      Map<String, List<Trajectory>> inPoolOrder = new LinkedHashMap<>();
      for (String name : names) {
        if (trajectories.containsKey(name) && !trajectories.get(name).isEmpty()) {
          inPoolOrder.put(name, trajectories.get(name));
        }
      }
      history = new SelectionHistory(inPoolOrder, replicas, scorer, finalStep);
    }
    return history;
  }

  /** The reports of one replica of a candidate, by step. */
  public synchronized List<Point> reports(String candidate, int replica) {
    requireCandidate(candidate, replica);
    return List.copyOf(reports.get(candidate).get(replica).values());
  }

  private void requireCandidate(String candidate) {
    requireCandidate(candidate, 0);
  }

  private void requireCandidate(String candidate, int replica) {
    if (!reports.containsKey(candidate)) {
      throw InvalidInputException.field("candidate", candidate, "not in the pool " + names);
    }
    if (replica < 0 || replica >= replicas) {
      throw InvalidInputException.field(
          "replica", replica, "this selection has replicas 0.." + (replicas - 1));
    }
  }

  private double seconds() {
    return (System.nanoTime() - created) / 1e9;
  }
}
