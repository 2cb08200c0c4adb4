package dev.lag.strategies;

import java.util.List;

/**
 * What applies to every copying operator, written inside the spec: {@code midas(b=2,
 * optimizer=copy, noise=0.01, rewarmup=50)}.
 *
 * @param optimizer {@code optimizer=copy}: each copy gets the AdamW moments of its source layer
 *     (Gong et al.'s option); {@code optimizer=reset} (default): all moments start at zero
 * @param keepStep {@code keepStep=true}: keep the optimiser's step count for bias correction;
 *     default false (restart at 0, as after a reset)
 * @param noise {@code noise=s}: add Gaussian noise with standard deviation s times each tensor's
 *     RMS to every copy (not to the first occurrence of a layer), to break symmetry
 * @param rewarmup {@code rewarmup=N}: learning-rate warm-up steps after growth; -1 (default) keeps
 *     the training config's warm-up
 * @param seed seed of new random layers and of the noise ({@code seed=N}; default 0, combined with
 *     the run's seed by callers)
 * @param freeze {@code freeze=N}: MSLT (Yang et al. 2020): for the first N steps after growth train
 *     only the grown layers (the final LayerNorm and an untied head with them); 0 (default): off
 * @param ramp {@code ramp=N}: MSG's mask ramp (Yao et al. 2024): blend each grown layer in as
 *     {@code x + m (block(x) - x)} with m rising linearly from 0 at growth to 1 at step N, so the
 *     grown model starts with its source's function; 0 (default): off
 */
public record Modifiers(
    GrowthOptimizer optimizer,
    boolean keepStep,
    double noise,
    int rewarmup,
    long seed,
    int freeze,
    int ramp) {
  /** The modifier keys a spec may use. */
  public static final List<String> KEYS =
      List.of("optimizer", "keepStep", "noise", "rewarmup", "seed", "freeze", "ramp");

  /** The largest noise a copy may take, in multiples of the tensor's RMS. */
  public static final double MAX_NOISE = 10;

  /** Reset moments, step 0, no noise, the config's warm-up, no freeze, no ramp. */
  public static final Modifiers DEFAULT =
      new Modifiers(GrowthOptimizer.RESET, false, 0, -1, 0, 0, 0);

  /** Validates the values; errors name the key. */
  public Modifiers {
    java.util.Objects.requireNonNull(optimizer, "optimizer");
    // Noise is a multiple of a tensor's RMS: past 10 a copy is no longer a copy, and 1e308 would
    // overflow the weights to infinity.
    if (!(noise >= 0 && noise <= MAX_NOISE)) {
      throw new GrowthException("noise=" + noise + ": must be a number in [0, " + MAX_NOISE + "]");
    }
    if (rewarmup < -1) {
      throw new GrowthException("rewarmup=" + rewarmup + ": must be >= 0");
    }
    if (freeze < 0) {
      throw new GrowthException("freeze=" + freeze + ": must be >= 1 step");
    }
    if (ramp < 0) {
      throw new GrowthException("ramp=" + ramp + ": must be >= 1 step");
    }
  }

  /**
   * Throws when a freeze or a ramp is asked of a growth that adds no layers (a widening) for it to
   * act on.
   */
  public void requireGrownLayers(int grownLayers) {
    if ((freeze > 0 || ramp > 0) && grownLayers == 0) {
      throw new GrowthException(
          (freeze > 0 ? "freeze=" + freeze : "ramp=" + ramp)
              + ": acts on the layers a growth adds, and this one adds none");
    }
  }

  /** The same modifiers with another seed. */
  public Modifiers withSeed(long newSeed) {
    return new Modifiers(optimizer, keepStep, noise, rewarmup, newSeed, freeze, ramp);
  }
}
