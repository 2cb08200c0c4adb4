package dev.lag.analysis.trajectory;

import java.util.ArrayList;
import java.util.List;

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
 * @param evalBatches the per-batch held-out losses whose mean is {@code evalLoss} ({@link
 *     BatchLosses#NONE} when not recorded)
 * @param probes the cooldown probes taken at this step (one per length; usually none)
 */
public record Point(
    long step,
    double tokens,
    double flops,
    double trainLoss,
    double evalLoss,
    double primitives,
    BatchLosses evalBatches,
    List<Probe> probes) {

  /** Absent per-batch losses are {@link BatchLosses#NONE}, absent probes an empty list. */
  public Point {
    evalBatches = evalBatches == null ? BatchLosses.NONE : evalBatches;
    probes = probes == null ? List.of() : List.copyOf(probes);
  }

  /** A point without per-batch losses or probe. */
  public Point(
      long step,
      double tokens,
      double flops,
      double trainLoss,
      double evalLoss,
      double primitives) {
    this(step, tokens, flops, trainLoss, evalLoss, primitives, BatchLosses.NONE, List.of());
  }

  /** A point of a run that does not measure the reasoning primitives. */
  public Point(long step, double tokens, double flops, double trainLoss, double evalLoss) {
    this(step, tokens, flops, trainLoss, evalLoss, Double.NaN);
  }

  /** A point with only a step and a training loss. */
  public static Point ofLoss(long step, double trainLoss) {
    return new Point(step, Double.NaN, Double.NaN, trainLoss, Double.NaN);
  }

  /** A point that only carries the probes taken at {@code step} (one line per window end). */
  public static Point ofProbes(long step, List<Probe> probes) {
    return new Point(
        step, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, BatchLosses.NONE, probes);
  }

  /**
   * This point and a later line for the same step as one point (a train line and an eval line, a
   * probe line, a repeated report): the later line's values replace these where it has them, and
   * its probes replace this point's of the same length.
   */
  public Point mergedWith(Point later) {
    return new Point(
        step,
        present(later.tokens, tokens),
        present(later.flops, flops),
        present(later.trainLoss, trainLoss),
        present(later.evalLoss, evalLoss),
        present(later.primitives, primitives),
        later.evalBatches.isEmpty() ? evalBatches : later.evalBatches,
        joined(probes, later.probes));
  }

  private static List<Probe> joined(List<Probe> earlier, List<Probe> later) {
    if (later.isEmpty()) {
      return earlier;
    }
    List<Probe> out = new ArrayList<>(earlier);
    for (Probe p : later) {
      out.removeIf(q -> q.steps() == p.steps());
      out.add(p);
    }
    return out;
  }

  private static double present(double preferred, double fallback) {
    return Double.isNaN(preferred) ? fallback : preferred;
  }

  /** The value of a metric at this point (NaN when absent). */
  public double get(Metric metric) {
    return metric.of(this);
  }

  /** The same point at another step (schedules that count steps across stages). */
  public Point atStep(long newStep) {
    return new Point(newStep, tokens, flops, trainLoss, evalLoss, primitives, evalBatches, probes);
  }

  /** The same point with per-batch held-out losses. */
  public Point withEvalBatches(BatchLosses batches) {
    return new Point(step, tokens, flops, trainLoss, evalLoss, primitives, batches, probes);
  }

  /** The same point with these probes (none: an empty list). */
  public Point withProbes(List<Probe> kept) {
    return new Point(step, tokens, flops, trainLoss, evalLoss, primitives, evalBatches, kept);
  }

  /** Whether it carries nothing but probes (a line a probe wrote). */
  public boolean onlyProbes() {
    return Double.isNaN(trainLoss) && Double.isNaN(evalLoss) && Double.isNaN(primitives);
  }
}
