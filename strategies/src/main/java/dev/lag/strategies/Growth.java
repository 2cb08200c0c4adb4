package dev.lag.strategies;

import dev.lag.analysis.spec.Spec;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;

/**
 * An operator with its modifiers, as one spec names it: what a candidate applies at growth.
 *
 * @param spec the spec it was parsed from
 * @param operator the operator
 * @param modifiers the modifiers
 */
public record Growth(Spec spec, GrowthOperator operator, Modifiers modifiers) {
  /** Grows {@code source} to {@code target}. */
  public Snapshot apply(Snapshot source, GptConfig target) {
    return operator.grow(source, target, modifiers);
  }
}
