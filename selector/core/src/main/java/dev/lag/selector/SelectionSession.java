package dev.lag.selector;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.Hedged;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.policy.SelectionPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One selection as a state machine: losses are reported in, the policy's {@link Decision} comes
 * out, and the {@link Selection} is made the moment the policy picks. Both front doors drive it:
 * {@link LagSelector} pulls (it trains what the decision asks for and reports what it saw), and
 * {@link dev.lag.selector.push.PushSelection} lets training loops push. So the library, the DJL
 * listener and the HTTP service decide alike on the same losses.
 *
 * <p>The history rule: a report for a step merges into what the replica already reported there (a
 * later value replaces an earlier one where it has one; probes join), so a loop may send its train
 * loss, eval loss and probes for a step in separate reports, and an exact repeat changes nothing. A
 * candidate's history holds its replicas in order up to the first that has not reported; it has
 * reached a step when every replica has ({@link SelectionHistory#reached}).
 *
 * <p>A pick is final. Loops act on it at once (the losers' models are deleted, the winner trains
 * on), so nothing reported after it changes it: a loser's reports are ignored, the winner's steps
 * of the stage still extend its history (and a non-finite loss marks it diverged), and steps past
 * the stage are refused. Thread-safe: candidates may report from parallel loops.
 */
public final class SelectionSession {
  /**
   * The most seed replicas per candidate: each trains every candidate through the stage, a few
   * measure the seed noise, and 2^31 of them once hung allocating every candidate's per-replica log
   * here before anything was said.
   */
  public static final int MAX_REPLICAS = 64;

  /** Checks a replica count against [1, {@link #MAX_REPLICAS}], naming it where it is outside. */
  public static void checkReplicas(int replicas) {
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      throw InvalidInputException.field(
          "replicas",
          replicas,
          "must be in [1, " + MAX_REPLICAS + "] (each trains every candidate)");
    }
  }

  private final Map<String, String> specs;
  private final List<String> names;
  private final SelectionPolicy policy;
  private final Scorer scorer;
  private final long finalStep;
  private final int replicas;
  private final Ranking ranking;
  private final BankCalibration calibration;
  private final long created = System.nanoTime();
  // Per candidate, per replica: what was reported, by step.
  private final Map<String, List<TreeMap<Long, Point>>> reports = new LinkedHashMap<>();
  // Loops ask after every report: the history and decision are cached, and only the trajectories
  // of candidates that reported since the last question are rebuilt.
  private final Map<String, List<Trajectory>> trajectories = new LinkedHashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private SelectionHistory history;
  private Decision decision;
  private Selection pick;
  private long winnerDivergedAt = -1;

  /**
   * @param specs each candidate's growth spec (or its name, when the loop grows its own way), in
   *     pool order
   * @param policy when to stop each candidate and pick
   * @param scorer how a trajectory becomes a score
   * @param finalStep the step the scores predict (the stage's end)
   * @param replicas seed replicas each candidate reports (replica 0 to replicas - 1)
   * @param prior what breaks a tie among the leaders
   * @param calibration earlier studies that calibrate the pick's confidence; null for none (a
   *     {@link Hedged} policy brings its own)
   */
  public SelectionSession(
      Map<String, String> specs,
      SelectionPolicy policy,
      Scorer scorer,
      long finalStep,
      int replicas,
      Prior prior,
      BankCalibration calibration) {
    if (specs.isEmpty()) {
      throw new InvalidInputException("candidates: empty; give at least one candidate");
    }
    checkReplicas(replicas);
    this.specs = new LinkedHashMap<>(specs);
    this.names = List.copyOf(specs.keySet());
    this.policy = policy;
    this.scorer = scorer;
    this.finalStep = finalStep;
    this.replicas = replicas;
    this.ranking = new Ranking(this.specs, Policies.spec(policy), prior);
    this.calibration = policy instanceof Hedged hedged ? hedged.calibration() : calibration;
    for (String c : names) {
      List<TreeMap<Long, Point>> perReplica = new ArrayList<>();
      for (int r = 0; r < replicas; r++) {
        perReplica.add(new TreeMap<>());
      }
      reports.put(c, perReplica);
    }
  }

  /** Each candidate's growth spec as a map in pool order, from a pool. */
  public static Map<String, String> specs(Pool pool) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Candidate c : pool) {
      out.put(c.name(), c.growth());
    }
    return out;
  }

  /**
   * Records one step of one replica of a candidate (see the class comment for what a report after
   * the pick does).
   *
   * @return whether the history changed (false for an exact repeat or an ignored report)
   * @throws InvalidInputException for an unknown candidate or replica, a negative step, or a step
   *     past the stage once the pick is made
   */
  public synchronized boolean report(String candidate, int replica, Point point) {
    requireCandidate(candidate, replica);
    if (point.step() < 0) {
      throw InvalidInputException.field("step", point.step(), "must be >= 0");
    }
    if (pick != null && !candidate.equals(pick.winner())) {
      return false;
    }
    if (pick != null) {
      if (point.step() > finalStep) {
        throw InvalidInputException.field(
            "step",
            point.step(),
            "past the stage's final step "
                + finalStep
                + ": the stage is over (the winner is done)");
      }
      if (Double.isInfinite(point.trainLoss()) || Double.isInfinite(point.evalLoss())) {
        winnerDivergedAt = winnerDivergedAt < 0 ? point.step() : winnerDivergedAt;
      }
    }
    TreeMap<Long, Point> log = reports.get(candidate).get(replica);
    Point before = log.get(point.step());
    Point after = before == null ? point : before.mergedWith(point);
    if (after.equals(before)) {
      return false;
    }
    log.put(point.step(), after);
    dirty.add(candidate);
    history = null;
    if (pick == null) {
      decision = null;
    }
    return true;
  }

  /**
   * What the policy wants now, from everything reported: train some candidates further, pick (then
   * the {@link #selection()} is made, once), or the scores it lacks. After the pick, always that
   * pick.
   */
  public synchronized Decision decision() {
    if (decision == null) {
      decision = policy.decide(names, history());
      if (decision instanceof Decision.Pick p) {
        pick = rank(p);
        decision = new Decision.Pick(pick.lag(), pick.reason()); // the reason names any tie
      }
    }
    return decision;
  }

  /** The selection, once the policy has picked; from then on it never changes. */
  public synchronized Optional<Selection> selection() {
    decision();
    return Optional.ofNullable(pick);
  }

  // Score at the lag, rank with uncertainty, break ties; then how likely each candidate is to end
  // best as far as earlier studies can tell (a hedged policy picks by exactly that).
  private Selection rank(Decision.Pick p) {
    Selection ranked = ranking.at(history(), p, seconds());
    if (calibration == null) {
      return ranked;
    }
    Selection confident =
        ranked.withConfidence(PickConfidence.of(ranked, history(), specs, calibration));
    return policy instanceof Hedged ? confident.calibratedPick(p.reason()) : confident;
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
    return ranking.at(
        h,
        new Decision.Pick(lag, "provisional: the furthest step every candidate reached"),
        seconds());
  }

  /** The history so far, by the rule in the class comment. */
  public synchronized SelectionHistory history() {
    if (history == null) {
      for (String name : dirty) {
        List<Trajectory> list = new ArrayList<>();
        for (TreeMap<Long, Point> replica : reports.get(name)) {
          if (replica.isEmpty()) {
            break; // a replica that has not reported: the candidate has not reached a step yet
          }
          list.add(new Trajectory(name, List.copyOf(replica.values())));
        }
        trajectories.put(name, list);
      }
      dirty.clear();
      Map<String, List<Trajectory>> inPoolOrder = new LinkedHashMap<>();
      for (String name : names) {
        if (!trajectories.getOrDefault(name, List.of()).isEmpty()) {
          inPoolOrder.put(name, trajectories.get(name));
        }
      }
      history = new SelectionHistory(inPoolOrder, replicas, scorer, finalStep);
    }
    return history;
  }

  /** The last step one replica of a candidate reported; -1 before its first report. */
  public synchronized long reached(String candidate, int replica) {
    requireCandidate(candidate, replica);
    TreeMap<Long, Point> log = reports.get(candidate).get(replica);
    return log.isEmpty() ? -1 : log.lastKey();
  }

  /** The step at which the winner diverged after the pick; -1 while it has not. */
  public synchronized long winnerDivergedAt() {
    return winnerDivergedAt;
  }

  /** The reports of one replica of a candidate, by step. */
  public synchronized List<Point> reports(String candidate, int replica) {
    requireCandidate(candidate, replica);
    return List.copyOf(reports.get(candidate).get(replica).values());
  }

  /** The candidates, in pool order. */
  public List<String> candidates() {
    return names;
  }

  /** A candidate's growth spec (its name for a loop that grows its own way). */
  public String spec(String candidate) {
    requireCandidate(candidate, 0);
    return specs.get(candidate);
  }

  /** The policy as written in configs. */
  public String policy() {
    return policy.describe();
  }

  /** The scorer. */
  public Scorer scorer() {
    return scorer;
  }

  /** The step the scores predict. */
  public long finalStep() {
    return finalStep;
  }

  /** Seed replicas per candidate. */
  public int replicas() {
    return replicas;
  }

  /** Checks a candidate name and replica index against the pool. */
  public void requireCandidate(String candidate, int replica) {
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
