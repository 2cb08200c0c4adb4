package dev.lag.selector.push;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Pool;
import dev.lag.selector.Prior;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionHistory;
import dev.lag.selector.SelectionSession;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.SelectionPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  private final SelectionSession session;

  /**
   * @param pool the candidates
   * @param policy when to stop each candidate and pick
   * @param scorer how a trajectory becomes a score
   * @param finalStep the step the scores predict
   */
  public PushSelection(Pool pool, SelectionPolicy policy, Scorer scorer, long finalStep) {
    this(SelectionSession.specs(pool), policy, scorer, finalStep, 1, Prior.DEFAULT);
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
    this.session = new SelectionSession(specs, policy, scorer, finalStep, replicas, prior, null);
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
    session.requireCandidate(candidate, replica);
    return new Trial(this, candidate, replica);
  }

  /** Records a step of replica 0; see {@link #report(String, int, Point)}. */
  public boolean report(String candidate, Point point) {
    return report(candidate, 0, point);
  }

  /**
   * Records a step of one replica; a repeated step merges into the earlier report (reports are
   * idempotent). After the pick only the winner's steps of the stage count (see {@link
   * SelectionSession}).
   *
   * @return whether anything changed (false for an exact repeat or a loser's late report)
   */
  public synchronized boolean report(String candidate, int replica, Point point) {
    return session.report(candidate, replica, point);
  }

  /** Seed replicas per candidate. */
  public int replicas() {
    return session.replicas();
  }

  /** What the policy decides now, from everything reported. */
  public Decision decision() {
    return session.decision();
  }

  /**
   * Whether the candidate's loop should stop training it: the policy wants nothing more of it (it
   * lost, was dropped, or waits at a rung). Never true for the winner while it trains on; true for
   * a winner that diverged after the pick.
   */
  synchronized boolean shouldStop(String candidate) {
    return trainUntil(candidate) < 0 && (!isWinner(candidate) || session.winnerDivergedAt() >= 0);
  }

  /** Whether the policy has picked and this candidate won. */
  synchronized boolean isWinner(String candidate) {
    session.requireCandidate(candidate, 0);
    return result().map(r -> r.winner().equals(candidate)).orElse(false);
  }

  /**
   * The step the policy wants the candidate trained to: the winner's is the end of the stage; -1
   * when it should stop.
   */
  public synchronized long trainUntil(String candidate) {
    session.requireCandidate(candidate, 0);
    if (session.winnerDivergedAt() >= 0) {
      return -1;
    }
    Decision d = decision();
    if (d instanceof Decision.Train t && t.until().containsKey(candidate)) {
      return t.until().get(candidate);
    }
    return isWinner(candidate) ? session.finalStep() : -1;
  }

  /**
   * Whether the candidate has reached the step the policy asked of it and waits for the others to
   * get there (a synchronous rung, or the lag). Loops that train candidates in parallel pause it;
   * the policy then either sends it further or drops it. A loop that trains candidates one after
   * another treats waiting as stopping, as {@link Trial#shouldStop} does.
   */
  public synchronized boolean waiting(String candidate) {
    session.requireCandidate(candidate, 0);
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
          "train to step " + until + " under " + policy());
    }
    if (decision() instanceof Decision.Missing missing && !history().diverged(candidate)) {
      return waitForScores(candidate, missing);
    }
    if (waiting(candidate)) {
      return new Advice(
          candidate,
          Advice.Action.WAIT,
          history().reached(candidate),
          false,
          "reached the step "
              + policy()
              + " asked for; pause it until the others get there, then ask again");
    }
    return result()
        .map(r -> afterPick(candidate, r))
        .orElseGet(
            () ->
                new Advice(
                    candidate,
                    Advice.Action.STOP,
                    -1,
                    false,
                    history().diverged(candidate)
                        // A non-finite loss ends a candidate whatever the policy: say so, not
                        // that the policy dropped it.
                        ? "diverged (a non-finite loss reported by step "
                            + history().reached(candidate)
                            + "): out of the selection"
                        : "dropped by " + policy() + ": the others went on"));
  }

  /**
   * Once the pick is made: the winner trains on to the stage's end (or has diverged); the rest
   * stop.
   */
  private Advice afterPick(String candidate, Selection r) {
    if (!r.winner().equals(candidate)) {
      return new Advice(
          candidate,
          Advice.Action.STOP,
          -1,
          false,
          r.winner() + " won at lag " + r.lag() + " (" + r.reason() + ")");
    }
    long finalStep = session.finalStep();
    if (session.winnerDivergedAt() >= 0) {
      return new Advice(
          candidate,
          Advice.Action.STOP,
          -1,
          true,
          "diverged at step "
              + session.winnerDivergedAt()
              + " after it won at lag "
              + r.lag()
              + ": the pick stands and no stopped candidate is brought back (their models may"
              + " be gone); to choose again, start a new selection from the growth point");
    }
    if (session.reached(candidate, 0) >= finalStep) {
      return new Advice(
          candidate,
          Advice.Action.DONE,
          finalStep,
          true,
          "the stage is over: it won at lag " + r.lag() + " and reached step " + finalStep);
    }
    return new Advice(
        candidate,
        Advice.Action.WON,
        finalStep,
        true,
        "won at lag " + r.lag() + " (" + r.reason() + "): keep training it to the end");
  }

  /** The policy ranks at a step where some candidates have nothing the scorer reads. */
  private Advice waitForScores(String candidate, Decision.Missing missing) {
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
            + policy()
            + " ranks there, and the scorer finds none of what it reads (report it for a step <= "
            + missing.step()
            + ", e.g. that step again with it)");
  }

  /** The candidates the policy cannot rank for want of a score (empty when it can). */
  public synchronized List<String> unscored() {
    return decision() instanceof Decision.Missing m ? m.unscored() : List.of();
  }

  /** The selection, once the policy has picked; from then on it never changes. */
  public Optional<Selection> result() {
    return session.selection();
  }

  /**
   * The ranking so far, before the policy has picked: every candidate scored at the furthest step
   * that all candidates still training have reached. Its winner is provisional.
   */
  public Selection provisional() {
    return session.provisional();
  }

  /** The candidates, in pool order. */
  public List<String> candidates() {
    return session.candidates();
  }

  /** The policy as written in configs. */
  public String policy() {
    return session.policy();
  }

  /** The history so far. */
  public SelectionHistory history() {
    return session.history();
  }

  /** The reports of one replica of a candidate, by step. */
  public List<Point> reports(String candidate, int replica) {
    return session.reports(candidate, replica);
  }
}
