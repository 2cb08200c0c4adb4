package dev.lag.analysis.schedule;

/**
 * Linear warm-up to the peak rate, then a {@link Decay} to the floor at the last step. A pure
 * function of the step, so a resumed run gets exactly the same rates, and a scorer that reads the
 * schedule sees the rates the trainer used.
 *
 * @param peak the rate at the end of warm-up
 * @param floor the rate at the last step
 * @param warmup warm-up steps
 * @param total steps in the schedule
 * @param decay what follows the warm-up
 */
public record LearningRateSchedule(double peak, double floor, int warmup, int total, Decay decay) {

  /** A schedule whose decay is written as a config writes it ({@code cosine}, {@code wsd(...)}). */
  public LearningRateSchedule(double peak, double floor, int warmup, int total, String decay) {
    this(peak, floor, warmup, total, Decay.parse(decay));
  }

  /**
   * The rate for 0-based step {@code step}; a run that is part of a longer schedule ({@link
   * Decay#from}) takes that schedule's rate at its own place in it.
   */
  public double at(int step) {
    // The trainer asks once per step: the window is an offset, not a schedule built per call.
    return decay.of() > 0 ? rate(decay.from() + step, decay.of()) : rate(step, total);
  }

  private double rate(int step, int total) {
    if (step < warmup) {
      return peak * (step + 1) / warmup;
    }
    // The plateau is the peak itself, not floor + (peak - floor), which can differ in the last bit.
    if (total <= warmup || decay.atPeak(step, total)) {
      return peak;
    }
    return floor + (peak - floor) * decay.remaining(step, warmup, total);
  }
}
