package dev.lag.strategies;

import dev.lag.analysis.spec.Spec;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.config.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * Checks, before anything trains, that the operator can grow {@code source} into {@code target}
   * and that the freeze and the ramp fit a stage of {@code stageSteps} steps (and have grown layers
   * to act on: a widening adds none).
   */
  public void check(GptConfig source, GptConfig target, int stageSteps) {
    operator.check(source, target);
    if (operator instanceof Widen) {
      modifiers.requireGrownLayers(0);
    }
    checkStage(stageSteps);
  }

  private void checkStage(int steps) {
    if (modifiers.freeze() > steps) {
      throw new GrowthException(
          "freeze=" + modifiers.freeze() + ": longer than the stage (steps=" + steps + ")");
    }
    if (modifiers.ramp() > steps) {
      throw new GrowthException(
          "ramp=" + modifiers.ramp() + ": longer than the stage (steps=" + steps + ")");
    }
  }

  /**
   * The config a grown model trains its stage under: the stage's schedule and data, with what the
   * growth set (its shape, grown layers, freeze, ramp and re-warm-up).
   *
   * @throws GrowthException when the freeze or the ramp is longer than the stage
   */
  public RunConfig stageConfig(RunConfig stage, Snapshot grown) {
    checkStage(stage.train().steps());
    TrainConfig set = grown.config().train();
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("grownLayers", set.grownLayers());
    keys.put("freeze", "" + set.freeze());
    keys.put("ramp", "" + set.ramp());
    if (modifiers.rewarmup() >= 0) {
      keys.put("warmup", "" + modifiers.rewarmup());
    }
    return new RunConfig(grown.config().model(), stage.train(), stage.data()).with(keys);
  }
}
