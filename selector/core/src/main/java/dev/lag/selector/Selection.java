package dev.lag.selector;

import dev.lag.analysis.spec.Spec;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.List;
import java.util.Map;

/**
 * What {@link LagSelector#choose} returns: the winner, the evidence and what it cost.
 *
 * @param winner the chosen candidate
 * @param ranking every candidate, best score first, with its score and uncertainty
 * @param tiedWithWinner candidates the winner cannot be told from at the lag: their difference with
 *     the score leader has an interval that holds 0 (and the leader itself, when the prior picked
 *     another); see {@link #uncertainty}
 * @param lag the lag whose scores decided
 * @param reason why the policy stopped there
 * @param policy the policy as a spec: {@code name()} says which policy, {@code toString()} is what
 *     configs and records write ({@code fixed-lag(k=50)})
 * @param scorer the scorer's name as the scorer registry writes and reads it ({@code last}, {@code
 *     cooldown(20)}: not a {@link Spec}, whose arguments are named)
 * @param uncertainty what the intervals and standard errors measure, in words
 * @param tieBreak how the winner was chosen among the leaders
 * @param replicas seed replicas per candidate
 * @param trajectories every candidate's log since growth (replica 0)
 * @param replicaTrajectories every replica of every candidate
 * @param compute what the selection spent
 * @param trade what the overhead bought: the expected regret at the first look and at the pick
 * @param confidence each candidate's calibrated P(best) and P(within one seed-noise SD), where a
 *     bank of earlier studies calibrates them
 */
public record Selection(
    String winner,
    List<Ranked> ranking,
    List<String> tiedWithWinner,
    long lag,
    String reason,
    Spec policy,
    String scorer,
    String uncertainty,
    TieBreak tieBreak,
    int replicas,
    Map<String, Trajectory> trajectories,
    Map<String, List<Trajectory>> replicaTrajectories,
    Compute compute,
    Trade trade,
    PickConfidence confidence) {

  /**
   * The same selection won by the calibrated likeliest candidate (a {@code hedged} policy's pick):
   * the candidates tied with it are those at least as likely as not to end within one seed-noise SD
   * of the best, and the reason is the policy's, then the pick's P(best) (no word of a prior tie
   * break: the calibration, not the ranking's prior, chose).
   *
   * @param policyReason why the policy stopped
   */
  public Selection calibratedPick(String policyReason) {
    if (!confidence.computed()) {
      return this;
    }
    String pick = confidence.likeliest();
    List<String> tied = new java.util.ArrayList<>();
    confidence
        .pWithin()
        .forEach(
            (n, p) -> {
              if (!n.equals(pick) && p >= 0.5) {
                tied.add(n);
              }
            });
    return new Selection(
        pick,
        ranking,
        tied,
        lag,
        String.format(
            java.util.Locale.ROOT,
            "%s; the calibrated likeliest, %s, P(best) %.2f",
            policyReason,
            pick,
            confidence.pBest().getOrDefault(pick, Double.NaN)),
        policy,
        scorer,
        uncertainty,
        new TieBreak(TieBreak.Rule.CALIBRATED, tieBreak.leader(), "bank"),
        replicas,
        trajectories,
        replicaTrajectories,
        compute,
        trade,
        confidence);
  }

  /** The same selection with its calibrated confidence. */
  public Selection withConfidence(PickConfidence c) {
    return new Selection(
        winner,
        ranking,
        tiedWithWinner,
        lag,
        reason,
        policy,
        scorer,
        uncertainty,
        tieBreak,
        replicas,
        trajectories,
        replicaTrajectories,
        compute,
        trade,
        c);
  }

  /**
   * One candidate's place.
   *
   * @param rank 1 for the best score; diverged candidates come last
   * @param name the candidate
   * @param score its score at the lag (NaN when diverged): the mean over its replicas
   * @param stdError the standard error of its score over what {@link Selection#uncertainty} names
   *     (NaN when unknown)
   * @param difference its score minus the leader's
   * @param differenceLow the lower end of the 95% interval of that difference (NaN when unknown)
   * @param differenceHigh the upper end
   * @param stepsTrained steps it was trained since growth
   * @param status whether it trained to the end of its windows or diverged
   */
  public record Ranked(
      int rank,
      String name,
      double score,
      double stdError,
      double difference,
      double differenceLow,
      double differenceHigh,
      long stepsTrained,
      Status status) {}

  /** How a candidate's training went. */
  public enum Status {
    /** It trained through every window it was given. */
    OK,
    /** Its loss became NaN or infinite: ranked last, never picked while another is ok. */
    DIVERGED;

    /** How records write it: {@code ok}, {@code diverged}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * How the winner was chosen.
   *
   * @param rule {@code SCORE}: the best score, not tied with another; {@code PRIOR}: the leaders
   *     were tied, and the prior chose among them
   * @param leader the candidate with the best score
   * @param prior the prior's source, when it decided
   */
  public record TieBreak(Rule rule, String leader, String prior) {
    /** What decided. */
    public enum Rule {
      /** The best score, told apart from the rest. */
      SCORE,
      /** A tie within the noise, broken by the prior. */
      PRIOR,
      /** The calibrated likeliest to end best: a bank-weighed prior and evidence decided. */
      CALIBRATED;

      /** How records write it. */
      public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }

  /**
   * Selection compute, summed over candidates and replicas.
   *
   * @param steps training steps (cooldown probes not included)
   * @param tokens training tokens (NaN when the trainer does not report them)
   * @param flops training FLOPs, cooldown probes included (NaN when the trainer does not report
   *     them)
   * @param seconds wall-clock seconds of the whole selection
   */
  public record Compute(long steps, double tokens, double flops, double seconds) {}

  /**
   * The trade a selection made: what choosing cost beyond training the winner, and how much
   * expected regret that bought down. Regret is the paired bootstrap's mean gap between a pick's
   * score and the best score of each draw (score units); NaN where there is no shared evidence.
   *
   * @param overheadSteps training steps that do not count toward the winner's stage: every other
   *     candidate's, and the winner's replicas beyond the first
   * @param overheadFlops their FLOPs, with every cooldown probe's (NaN when not reported)
   * @param firstStep the first step after growth at which the candidates were compared
   * @param firstRegret the expected regret of picking that step's leader then
   * @param regret the expected regret of the winner at the lag
   * @param regretSteps that regret in steps of training at the winner's rate of progress at the lag
   *     (NaN when unknown)
   */
  public record Trade(
      long overheadSteps,
      double overheadFlops,
      long firstStep,
      double firstRegret,
      double regret,
      double regretSteps) {}
}
