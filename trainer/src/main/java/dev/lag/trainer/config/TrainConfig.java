package dev.lag.trainer.config;

import static dev.lag.trainer.config.GptConfig.nonNegative;
import static dev.lag.trainer.config.GptConfig.positive;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.schedule.Decay;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.trainer.model.Seeds;

/**
 * How a model is trained: optimiser, schedule, evaluation, seed and device.
 *
 * @param batch sequences per step
 * @param steps optimiser steps in this run
 * @param lr peak learning rate
 * @param minLrRatio the schedule ends at {@code lr * minLrRatio}
 * @param warmup linear warm-up steps
 * @param schedule the decay after warm-up: {@code cosine}, {@code linear}, {@code constant} or
 *     {@code wsd(decay=F[, shape=linear|sqrt])} (see {@link Decay})
 * @param weightDecay decoupled (AdamW) weight decay, applied to matrices only
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param eps AdamW epsilon
 * @param gradClip clip the global gradient norm to this value; 0 turns clipping off
 * @param evalInterval evaluate on held-out data every this many steps (and at the end); 0: never
 * @param evalBatches batches of held-out data per evaluation
 * @param logInterval write a metrics line every this many steps
 * @param seed the root seed: initialisation and data order derive from it
 * @param device {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param evalPrimitives at every evaluation also measure the reasoning primitives with this many
 *     prompts per task; 0: never
 * @param raptr random path training: path length per stage, e.g. {@code 4,6,8} or {@code
 *     4:300,8:600} (see {@link RaptrSchedule}); empty: every layer, every step
 * @param replica which seed replica this run is: replica 0 draws its data order (and the new
 *     weights of a growth) from {@code seed}, replica r from a stream split off it; the data split,
 *     the held-out batches and the primitive prompts are the same for every replica
 * @param replicas seed replicas per candidate in a selection, study or stack (1: none); a plain
 *     training run is one replica
 * @param grownLayers the layers the growth that started this stage added, as {@code 2,3} (empty:
 *     none, or not grown): what {@code freeze} trains and {@code ramp} blends in; a growth operator
 *     sets it
 * @param freeze MSLT freezing (Yang et al. 2020): for this many steps of the stage only the grown
 *     layers, the final LayerNorm and the head train; 0: off
 * @param ramp MSG's mask ramp (Yao et al. 2024): a grown layer's output is blended in as {@code x +
 *     m (block(x) - x)}, m rising linearly from 0 at growth to 1 at this step of the stage; 0: off
 * @param batchCandidates train the candidates of a growth point that share a shape and a schedule
 *     as one batched model (the same results to float rounding); false (default): one after
 *     another, which on a 2-core CPU is as fast at d 64 and faster at d 128
 */
public record TrainConfig(
    int batch,
    int steps,
    double lr,
    double minLrRatio,
    int warmup,
    String schedule,
    double weightDecay,
    double beta1,
    double beta2,
    double eps,
    double gradClip,
    int evalInterval,
    int evalBatches,
    int logInterval,
    long seed,
    String device,
    int evalPrimitives,
    String raptr,
    int replica,
    int replicas,
    String grownLayers,
    int freeze,
    int ramp,
    boolean batchCandidates) {
  /**
   * The most seed replicas a selection may ask for: each one trains every candidate through the
   * stage, a few measure the seed noise, and more than this once hung building its bookkeeping
   * (2^31 replicas of every candidate) instead of saying no. The same bound as the selector's
   * ({@code SelectionSession.MAX_REPLICAS}), which this module cannot see.
   */
  public static final int MAX_REPLICAS = 64;

  /** Defaults that train the default model on the embedded corpus in about a minute. */
  public static final TrainConfig DEFAULT =
      new TrainConfig(
          16, 300, 2e-3, 0.1, 30, "cosine", 0.1, 0.9, 0.95, 1e-8, 1.0, 100, 8, 1, 1337, "cpu", 0,
          "", 0, 1, "", 0, 0, false);

  /** Validates every field; each error names the field and the bad value. */
  public TrainConfig {
    positive("batch", batch);
    nonNegative("steps", steps);
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw InvalidInputException.field("lr", lr, "must be a positive finite number");
    }
    if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
      throw InvalidInputException.field("minLrRatio", minLrRatio, "must be in [0, 1]");
    }
    nonNegative("warmup", warmup);
    Decay decay = Decay.parse(schedule);
    if (decay.of() > 0 && decay.from() + steps > decay.of()) {
      throw InvalidInputException.field(
          "schedule",
          schedule,
          "steps="
              + steps
              + " from step "
              + decay.from()
              + " run past the schedule's "
              + decay.of());
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw InvalidInputException.field("weightDecay", weightDecay, "must be >= 0");
    }
    unitInterval("beta1", beta1);
    unitInterval("beta2", beta2);
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw InvalidInputException.field("eps", eps, "must be a positive finite number");
    }
    if (!(gradClip >= 0) || !Double.isFinite(gradClip)) {
      throw InvalidInputException.field("gradClip", gradClip, "must be >= 0 (0 turns it off)");
    }
    nonNegative("evalInterval", evalInterval);
    positive("evalBatches", evalBatches);
    positive("logInterval", logInterval);
    Devices.validate(device);
    nonNegative("evalPrimitives", evalPrimitives);
    nonNegative("replica", replica);
    positive("replicas", replicas);
    if (replicas > MAX_REPLICAS) {
      throw InvalidInputException.field(
          "replicas", replicas, "at most " + MAX_REPLICAS + " (each trains every candidate)");
    }
    nonNegative("freeze", freeze);
    nonNegative("ramp", ramp);
    // Against the stage's length they are checked at growth: a probe or a window of the stage may
    // run under a shorter 'steps' and still be inside the freeze or the ramp.
    GrownLayers.parse(grownLayers);
    if ((freeze > 0 || ramp > 0) && grownLayers.isBlank()) {
      throw InvalidInputException.field(
          freeze > 0 ? "freeze" : "ramp",
          freeze > 0 ? freeze : ramp,
          "needs grownLayers (the layers a growth added); grow with freeze=N or ramp=N instead");
    }
    // raptr is checked by RunConfig, which knows the depth its path lengths must fit.
  }

  private static void unitInterval(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw InvalidInputException.field(field, value, "must be in [0, 1)");
    }
  }

  /** A copy that runs on another device (a runner's slot). */
  public TrainConfig withDevice(String newDevice) {
    return copy(steps, newDevice, replica);
  }

  /** A copy for seed replica {@code newReplica} (its own data order and new-weight draws). */
  public TrainConfig withReplica(int newReplica) {
    return copy(steps, device, newReplica);
  }

  /** A copy with another number of steps. */
  public TrainConfig withSteps(int newSteps) {
    return copy(newSteps, device, replica);
  }

  /** The one place a copy lists every component: the typed updates above change these three. */
  private TrainConfig copy(int newSteps, String newDevice, int newReplica) {
    return new TrainConfig(
        batch,
        newSteps,
        lr,
        minLrRatio,
        warmup,
        schedule,
        weightDecay,
        beta1,
        beta2,
        eps,
        gradClip,
        evalInterval,
        evalBatches,
        logInterval,
        seed,
        newDevice,
        evalPrimitives,
        raptr,
        newReplica,
        replicas,
        grownLayers,
        freeze,
        ramp,
        batchCandidates);
  }

  /**
   * The seed of this replica's data order and of any new weights: the root seed for replica 0, a
   * stream split off it for the others.
   */
  public long orderSeed() {
    return replica == 0 ? seed : Seeds.derive(seed, "replica/" + replica);
  }

  /** The learning rate of every step of this run: warm-up, then the schedule's decay. */
  public LearningRateSchedule learningRates() {
    return new LearningRateSchedule(lr, lr * minLrRatio, warmup, steps, schedule);
  }

  /** Tokens consumed by one optimiser step. */
  public long tokensPerStep(int seqLen) {
    return (long) batch * seqLen;
  }
}
