package dev.lag.trainer.train;

import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.GrownLayers;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.model.ParameterNames;

/**
 * What a stage that began with a growth trains differently, step by step: MSLT's freeze (only the
 * grown layers, the final LayerNorm and an untied head train for the first {@code freeze} steps;
 * Yang et al. 2020) and MSG's mask ramp (a grown layer is blended in with a mask rising linearly to
 * 1 over {@code ramp} steps; Yao et al. 2024). Both are pure functions of the config and the step,
 * so a resumed run continues them exactly.
 *
 * <p>A tied head is the token embedding, which sits below every layer: training it would send the
 * gradient through the frozen layers and save nothing, and MSLT trains the new top layers, not the
 * embedding. So a tied head stays frozen with the embeddings.
 */
public final class GrownStage {
  private final int[] grown;
  private final boolean[] isGrown;
  private final int freeze;
  private final int ramp;
  private final int lowestGrown;

  private GrownStage(int[] grown, int layers, int freeze, int ramp) {
    this.grown = grown;
    this.isGrown = new boolean[layers];
    int lowest = layers;
    for (int layer : grown) {
      isGrown[layer] = true;
      lowest = Math.min(lowest, layer);
    }
    this.freeze = freeze;
    this.ramp = ramp;
    this.lowestGrown = lowest;
  }

  /** The freeze and ramp a run's config asks for. */
  public static GrownStage of(TrainConfig train, GptConfig model) {
    return new GrownStage(
        GrownLayers.parse(train.grownLayers()), model.layers(), train.freeze(), train.ramp());
  }

  /** The grown layers being ramped in. */
  public int[] rampedLayers() {
    return ramp > 0 ? grown : new int[0];
  }

  /**
   * The mask of the ramped layers after {@code stepsDone} updates of the stage: 0 at growth, {@code
   * j / ramp} during and after update j, 1 from update {@code ramp} on. An update j (1-based)
   * trains with the mask it ends with, so the first update already reaches the new layers.
   */
  public float blend(int stepsDone) {
    return ramp == 0 || stepsDone >= ramp ? 1f : (float) stepsDone / ramp;
  }

  /** Whether the update that follows {@code stepsDone} updates is inside the freeze. */
  public boolean freezing(int stepsDone) {
    return stepsDone < freeze;
  }

  /** Whether a tensor trains during the freeze. */
  public boolean trainsWhileFrozen(String name) {
    int layer = ParameterNames.layerIndex(name);
    if (layer >= 0) {
      return isGrown[layer];
    }
    return name.equals(ParameterNames.LN_F_WEIGHT)
        || name.equals(ParameterNames.LN_F_BIAS)
        || name.equals(ParameterNames.LM_HEAD);
  }

  /**
   * Updates of the stage a tensor sat out, after {@code stepsDone} updates: its Adam bias
   * correction counts only the updates it took, as {@code torch.optim.AdamW}'s per-tensor step
   * does.
   */
  public long skippedUpdates(String name, int stepsDone) {
    // Asked for every tensor at every step: without a freeze, answer before parsing the name.
    return freeze == 0 || trainsWhileFrozen(name) ? 0 : Math.min(stepsDone, freeze);
  }

  /**
   * Training FLOPs of one update of {@code batch} windows. Outside the freeze, {@link
   * FlopCounter#perStep}. Inside it the forward pass is whole, but the backward pass carries the
   * gradient only down to the lowest grown layer and computes weight gradients only for what
   * trains.
   */
  public double flopsPerStep(GptConfig model, int batch, int stepsDone) {
    if (!freezing(stepsDone)) {
      return FlopCounter.perStep(model, batch);
    }
    int through = model.layers() - lowestGrown;
    return FlopCounter.perStepFrozen(model, batch, through, grown.length, !model.tiedEmbeddings());
  }
}
