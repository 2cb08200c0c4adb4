package dev.lag.reports;

import java.util.List;

/**
 * One whole training schedule of a stacking run on the shared budget: the adaptive (LAG) schedule,
 * from scratch, or one operator at every stage.
 *
 * @param name {@code lag}, {@code scratch} or {@code fixed:OPERATOR}
 * @param finalEvalLoss eval loss at the end of the budget
 * @param flops training FLOPs, selection overhead excluded
 * @param overheadFlops FLOPs of candidates trained during selection and then dropped
 * @param flopsToScratchLoss FLOPs until it first reached the from-scratch final loss (NaN: never)
 * @param savingVsScratch 1 minus (flopsToScratchLoss + overhead) / scratch FLOPs (NaN: never)
 * @param path eval loss and depth against cumulative FLOPs (overhead included), in order
 */
public record Contender(
    String name,
    double finalEvalLoss,
    double flops,
    double overheadFlops,
    double flopsToScratchLoss,
    double savingVsScratch,
    List<TimelinePoint> path) {

  /**
   * A point of a schedule's timeline.
   *
   * @param flops cumulative FLOPs spent by the schedule so far
   * @param evalLoss eval loss there
   * @param depth the model's layers there
   */
  public record TimelinePoint(double flops, double evalLoss, int depth) {}
}
