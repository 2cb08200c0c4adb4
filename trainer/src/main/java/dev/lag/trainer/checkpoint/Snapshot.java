package dev.lag.trainer.checkpoint;

import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.model.HostTensor;
import java.util.Map;

/**
 * A training state in host memory, independent of any device: what a checkpoint directory holds,
 * and what growth operators read and produce.
 *
 * @param config the run config; its model keys give the tensors' shapes
 * @param parameters tensors by nanoGPT name (without {@code lm_head.weight} when tied)
 * @param firstMoments AdamW {@code exp_avg} by parameter name
 * @param secondMoments AdamW {@code exp_avg_sq} by parameter name
 * @param counters progress counters
 */
public record Snapshot(
    RunConfig config,
    Map<String, HostTensor> parameters,
    Map<String, HostTensor> firstMoments,
    Map<String, HostTensor> secondMoments,
    Counters counters) {

  /** The same state under another run config (a schedule, a device), tensors shared. */
  public Snapshot withConfig(RunConfig newConfig) {
    return new Snapshot(newConfig, parameters, firstMoments, secondMoments, counters);
  }

  /** The same state with other counters, tensors shared. */
  public Snapshot withCounters(Counters newCounters) {
    return new Snapshot(config, parameters, firstMoments, secondMoments, newCounters);
  }

  /**
   * This state as what training from it depends on, tensors shared: without the wall-clock time,
   * and without the record of which layers a growth added where nothing reads it (no freeze, no
   * ramp). Two states whose training starts are equal train identically, step for step: stack-top
   * and stack-bottom grow a two-layer source into the same four layers, say, and record different
   * grown layers.
   */
  public Snapshot trainingStart() {
    TrainConfig train = config.train();
    RunConfig read =
        train.freeze() == 0 && train.ramp() == 0 ? config.with("grownLayers", "") : config;
    return new Snapshot(read, parameters, firstMoments, secondMoments, counters.withoutWallTime());
  }

  /**
   * Progress counters of a training state.
   *
   * @param step position in the current schedule
   * @param dataPosition batches consumed since the start
   * @param tokens tokens consumed since the start
   * @param flops FLOPs spent since the start
   * @param wallSeconds training seconds since the start
   * @param optimizerStep AdamW updates behind the moments (bias correction)
   */
  public record Counters(
      int step,
      long dataPosition,
      long tokens,
      double flops,
      double wallSeconds,
      long optimizerStep) {
    /** The same counters with no wall-clock time: what a result that must be reproducible keeps. */
    public Counters withoutWallTime() {
      return new Counters(step, dataPosition, tokens, flops, 0, optimizerStep);
    }
  }
}
