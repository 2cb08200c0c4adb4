package dev.lag.analysis.curve;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.List;

/**
 * What a lag curve of a pool uses when the user does not say: shared by {@code lag analyze} and the
 * reports, so that both draw the same curve from the same logs.
 */
public final class PoolDefaults {
  private PoolDefaults() {}

  /** Eval loss when every candidate logged it, else train loss. */
  public static Metric metric(List<Trajectory> pool) {
    return pool.stream().allMatch(t -> t.has(Metric.EVAL_LOSS))
        ? Metric.EVAL_LOSS
        : Metric.TRAIN_LOSS;
  }

  /**
   * The last step every candidate that did not diverge reached.
   *
   * @throws InvalidInputException when every candidate diverged
   */
  public static long finalStep(List<Trajectory> pool) {
    return pool.stream()
        .filter(t -> !t.diverged())
        .mapToLong(Trajectory::lastStep)
        .min()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "--final-step: every candidate diverged; give the step explicitly"));
  }

  /**
   * Steps averaged for the final value: one eval point (already an average over batches), or the
   * last 5% of a noisy train-loss curve.
   */
  public static long finalWindow(Metric metric, long finalStep) {
    return metric == Metric.EVAL_LOSS ? 1 : Math.max(1, finalStep / 20);
  }
}
