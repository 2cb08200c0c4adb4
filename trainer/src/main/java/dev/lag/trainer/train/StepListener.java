package dev.lag.trainer.train;

/** Sees every record the training loop produces: metrics writers, progress bars, selectors. */
@FunctionalInterface
public interface StepListener {
  /** Called after each step (and once at step 0 when the loop evaluates before training). */
  void onStep(StepRecord record);

  /** A listener that ignores everything. */
  StepListener NONE = record -> {};

  /** Calls this listener, then {@code next}. */
  default StepListener andThen(StepListener next) {
    return record -> {
      onStep(record);
      next.onStep(record);
    };
  }
}
