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
 * @param primitives mean accuracy on the reasoning primitives, in [0, 1] (NaN when not measured)
 */
public record Point(
    long step, double tokens, double flops, double trainLoss, double evalLoss, double primitives) {

  /** A point of a run that does not measure the reasoning primitives. */
  public Point(long step, double tokens, double flops, double trainLoss, double evalLoss) {
    this(step, tokens, flops, trainLoss, evalLoss, Double.NaN);
  }

  /** A point with only a step and a training loss. */
  public static Point ofLoss(long step, double trainLoss) {
    return new Point(step, Double.NaN, Double.NaN, trainLoss, Double.NaN);
  }

  /** The value of a metric at this point (NaN when absent). */
  public double get(Metric metric) {
    return metric.of(this);
  }

  /** The same point at another step (schedules that count steps across stages). */
  public Point atStep(long newStep) {
    return new Point(newStep, tokens, flops, trainLoss, evalLoss, primitives);
  }
}
