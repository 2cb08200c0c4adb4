package dev.lag.selector.runners.djl;

import dev.lag.selector.Candidate;
import dev.lag.selector.Pool;
import dev.lag.strategies.Growth;
import dev.lag.strategies.GrowthOperators;
import dev.lag.trainer.config.GptConfig;

/**
 * What a candidate's growth spec means to lag's own trainer: the core knows a spec only as text,
 * the operators live here. Resolving and checking happen before any training, so a bad pool fails
 * with a line that names the candidate's spec.
 */
public final class Growths {
  private Growths() {}

  /** Every depth operator with its defaults, one candidate each, named after the operator. */
  public static Pool defaultPool() {
    return Pool.ofSpecs(depthOperatorNames());
  }

  /** The names of every depth operator, in documentation order. */
  public static java.util.List<String> depthOperatorNames() {
    return GrowthOperators.depthOperators();
  }

  /** The candidate's operator and modifiers. */
  public static Growth resolve(Candidate candidate) {
    return GrowthOperators.resolve(candidate.growth());
  }

  /**
   * Checks that every candidate's spec names a known operator with known arguments, that the
   * operator can grow {@code source} into {@code target}, and that its freeze and ramp fit a stage
   * of {@code stageSteps} steps.
   */
  public static void check(Pool pool, GptConfig source, GptConfig target, int stageSteps) {
    for (Candidate c : pool) {
      resolve(c).check(source, target, stageSteps);
    }
  }

  /** Checks that the spec names a known operator with known arguments. */
  public static void check(String spec) {
    GrowthOperators.resolve(spec);
  }
}
