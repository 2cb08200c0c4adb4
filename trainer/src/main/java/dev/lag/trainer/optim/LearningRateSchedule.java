package dev.lag.trainer.optim;

import dev.lag.trainer.config.TrainConfig;

/**
 * Linear warm-up to the peak rate, then decay to {@code lr * minLrRatio} at the last step (cosine,
 * linear, or none). A pure function of the step, so a resumed run gets exactly the same rates.
 *
 * @param peak the rate at the end of warm-up
 * @param floor the rate at the last step
 * @param warmup warm-up steps
 * @param total steps in the schedule
 * @param shape {@code cosine}, {@code linear} or {@code constant}
 */
public record LearningRateSchedule(double peak, double floor, int warmup, int total, String shape) {

  /** The schedule a training config describes. */
  public static LearningRateSchedule of(TrainConfig c) {
    return new LearningRateSchedule(
        c.lr(), c.lr() * c.minLrRatio(), c.warmup(), c.steps(), c.schedule());
  }

  /** The rate for 0-based step {@code step}. */
  public double at(int step) {
    if (step < warmup) {
      return peak * (step + 1) / warmup;
    }
    if (shape.equals("constant") || total <= warmup) {
      return peak;
    }
    double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - 1 - warmup));
    // StrictMath: the same learning rate to the bit on every JVM and CPU (Math.cos may differ).
    double decay =
        shape.equals("linear") ? 1 - progress : 0.5 * (1 + StrictMath.cos(Math.PI * progress));
    return floor + (peak - floor) * decay;
  }
}
