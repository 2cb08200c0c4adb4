package dev.lag.analysis.trajectory;

/**
 * One logged step of a training run. Missing values are NaN (a log without FLOPs, a step without
 * evaluation).
 *
 * @param step optimiser steps done
 * @param tokens training tokens so far (NaN when unknown)
 * @param flops training FLOPs so far (NaN when unknown)
 * @param trainLoss training loss at this step (NaN when not logged or not finite)
 * @param evalLoss held-out loss at this step (NaN when not evaluated)
 */
public record Point(long step, double tokens, double flops, double trainLoss, double evalLoss) {

  /** A point with only a step and a training loss. */
  public static Point ofLoss(long step, double trainLoss) {
    return new Point(step, Double.NaN, Double.NaN, trainLoss, Double.NaN);
  }

  /** The value of a metric at this point (NaN when absent). */
  public double get(Metric metric) {
    return metric == Metric.TRAIN_LOSS ? trainLoss : evalLoss;
  }
}
