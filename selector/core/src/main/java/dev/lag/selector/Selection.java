package dev.lag.selector;

import dev.lag.analysis.trajectory.Trajectory;
import java.util.List;
import java.util.Map;

/**
 * What {@link LagSelector#choose} returns: the winner, the evidence and what it cost.
 *
 * @param winner the chosen candidate
 * @param ranking every candidate, best first, with its score and uncertainty
 * @param tiedWithWinner candidates the winner cannot be told from at the lag (score within the
 *     combined standard error): the choice among them is a coin toss at this scale
 * @param lag the lag whose scores decided
 * @param reason why the policy stopped there
 * @param policy the policy as written in configs
 * @param scorer the scorer's name
 * @param trajectories every candidate's log since growth
 * @param compute what the selection spent
 */
public record Selection(
    String winner,
    List<Ranked> ranking,
    List<String> tiedWithWinner,
    long lag,
    String reason,
    String policy,
    String scorer,
    Map<String, Trajectory> trajectories,
    Compute compute) {

  /**
   * One candidate's place.
   *
   * @param rank 1 for the winner; diverged candidates come last
   * @param name the candidate
   * @param score its score at the lag (NaN when diverged)
   * @param stdError the score's standard error (NaN when unknown)
   * @param stepsTrained steps it was trained since growth
   * @param status whether it trained to the end of its windows or diverged
   */
  public record Ranked(
      int rank, String name, double score, double stdError, long stepsTrained, Status status) {}

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
   * Selection compute, summed over candidates.
   *
   * @param steps training steps
   * @param tokens training tokens (NaN when the trainer does not report them)
   * @param flops training FLOPs (NaN when the trainer does not report them)
   * @param seconds wall-clock seconds of the whole selection
   */
  public record Compute(long steps, double tokens, double flops, double seconds) {}
}
