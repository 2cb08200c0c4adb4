package dev.lag.strategies;

import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;

/**
 * A way to grow a trained model: from a source snapshot (parameters and AdamW moments by name) to a
 * target shape. One operator per class; {@link GrowthOperators} registers them by name.
 */
public interface GrowthOperator {
  /** The target's parameters, moments and counters (the counters carry over). */
  Snapshot grow(Snapshot source, GptConfig target, Modifiers modifiers);

  /**
   * Throws a {@link GrowthException} naming the problem when this operator cannot reach {@code
   * target}.
   */
  void check(GptConfig source, GptConfig target);
}
