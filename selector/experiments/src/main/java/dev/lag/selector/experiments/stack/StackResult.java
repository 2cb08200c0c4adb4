package dev.lag.selector.experiments.stack;

import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Selection;
import java.util.List;

/**
 * The outcome of an adaptive stacking run and its baselines.
 *
 * @param stages the selection made at each growth boundary
 * @param contenders every schedule trained on the same budget: {@code lag} (adaptive), {@code
 *     scratch}, {@code raptr}, {@code fixed:OP}
 * @param scratchFinal the from-scratch model's final validation loss (NaN without baselines)
 */
public record StackResult(List<Stage> stages, List<Contender> contenders, double scratchFinal) {
  /**
   * One growth boundary of the adaptive schedule.
   *
   * @param stage 2 for the first growth
   * @param depth depth after growth
   * @param steps steps of the stage
   * @param selection what LAG chose and why
   * @param overheadFlops FLOPs spent on the candidates that lost
   */
  public record Stage(int stage, int depth, int steps, Selection selection, double overheadFlops) {}

  /**
   * One schedule's result.
   *
   * @param name {@code lag}, {@code scratch}, {@code raptr} or {@code fixed:OP}
   * @param kind what schedule it is
   * @param trajectory its log (FLOPs and tokens cumulative across stages)
   * @param finalEvalLoss validation loss at the end
   * @param flops training FLOPs of the schedule, selection overhead excluded
   * @param overheadFlops selection FLOPs spent on losing candidates (lag only)
   * @param flopsToScratchLoss FLOPs until its validation loss first reached the scratch model's
   *     final loss (NaN if it never did)
   * @param savingVsScratch 1 minus its FLOPs to the scratch model's final loss (overhead included)
   *     over the scratch model's FLOPs; NaN when it never reached that loss or without baselines
   */
  public record Contender(
      String name,
      ContenderKind kind,
      Trajectory trajectory,
      double finalEvalLoss,
      double flops,
      double overheadFlops,
      double flopsToScratchLoss,
      double savingVsScratch) {}
}
