package dev.lag.reports;

import dev.lag.analysis.trajectory.Trajectory;
import java.util.List;

/**
 * One growth point: the candidates, how they ran, and what was chosen.
 *
 * @param title what the section is, in words: {@code Stage 2: 4 layers}, {@code Runs read from
 *     logs}
 * @param stage the stage number (1-based; stage 1 of a stacking run is the first depth)
 * @param depth layers after growth, 0 when unknown
 * @param lag the lag window k: candidates are ranked by their score at step k
 * @param finalStep the end of the stage
 * @param winner the pick, empty when nothing was chosen (a plain training run)
 * @param reason the policy's words for the pick
 * @param policy the selection policy; empty when no selection was made (a study, logs)
 * @param scorer the scorer
 * @param metric {@code eval} or {@code train}: the loss the charts and ranks use
 * @param ranking the ranking at the lag, best first
 * @param trajectories every candidate's steps in this stage (the winner's continue past the lag)
 * @param overheadFlops FLOPs spent on candidates that were not kept, NaN when unknown
 * @param uncertainty what the standard errors, intervals and ties measure ("" when unknown)
 * @param priorDecided the prior that broke a tie among the leaders ("" when the score decided)
 */
public record StageReport(
    String title,
    int stage,
    int depth,
    long lag,
    long finalStep,
    String winner,
    String reason,
    String policy,
    String scorer,
    String metric,
    List<RankedCandidate> ranking,
    List<Trajectory> trajectories,
    double overheadFlops,
    String uncertainty,
    String priorDecided) {

  /** A stage without a recorded uncertainty or tie-break (logs, studies). */
  public StageReport(
      String title,
      int stage,
      int depth,
      long lag,
      long finalStep,
      String winner,
      String reason,
      String policy,
      String scorer,
      String metric,
      List<RankedCandidate> ranking,
      List<Trajectory> trajectories,
      double overheadFlops) {
    this(
        title,
        stage,
        depth,
        lag,
        finalStep,
        winner,
        reason,
        policy,
        scorer,
        metric,
        ranking,
        trajectories,
        overheadFlops,
        "",
        "");
  }

  /** The names of the candidates tied with the winner. */
  public List<String> tied() {
    return ranking.stream()
        .filter(r -> r.tiedWithWinner() && !r.name().equals(winner))
        .map(RankedCandidate::name)
        .toList();
  }

  /** Whether any candidate reached the end of the stage, so a final ranking exists. */
  public boolean hasFinalRanking() {
    return ranking.stream().anyMatch(r -> r.finalRank() > 0);
  }

  /** Whether the ranking says how far each candidate is from the leader, with an interval. */
  public boolean hasDifferences() {
    return ranking.stream().anyMatch(r -> Double.isFinite(r.differenceLow()));
  }
}
