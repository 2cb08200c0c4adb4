package dev.lag.trainer.train;

import ai.djl.ndarray.NDManager;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.model.Gpt;
import dev.lag.trainer.optim.AdamW;

/**
 * A model in training: parameters, optimiser moments and progress counters. This is what a
 * checkpoint saves and what a growth operator transforms. Randomness is a pure function of the seed
 * and the counters (see {@link dev.lag.trainer.data.BatchSampler}), so the counters are the whole
 * random state.
 */
public final class TrainingState implements AutoCloseable {
  private final Gpt model;
  private final AdamW optimizer;
  private int step;
  private long dataPosition;
  private long tokens;
  private double flops;
  private double wallSeconds;

  /**
   * Wraps a model and its optimiser with counters.
   *
   * @param step position in the learning-rate schedule of the current run or stage
   * @param dataPosition batches consumed since the start of training (continues across stages)
   * @param tokens training tokens consumed since the start (continues across stages)
   * @param flops training FLOPs spent since the start (continues across stages)
   * @param wallSeconds seconds of training since the start
   */
  public TrainingState(
      Gpt model,
      AdamW optimizer,
      int step,
      long dataPosition,
      long tokens,
      double flops,
      double wallSeconds) {
    this.model = model;
    this.optimizer = optimizer;
    this.step = step;
    this.dataPosition = dataPosition;
    this.tokens = tokens;
    this.flops = flops;
    this.wallSeconds = wallSeconds;
  }

  /** A freshly initialised model with zero moments and zero counters. */
  public static TrainingState fresh(GptConfig model, TrainConfig train, NDManager parent) {
    Gpt gpt = Gpt.initialize(model, parent, train.orderSeed());
    return new TrainingState(gpt, new AdamW(gpt.parameters(), train, gpt.manager()), 0, 0, 0, 0, 0);
  }

  /**
   * Reads a saved model with {@code read} on the snapshot's own device, then frees the device
   * again: for callers that hold snapshots, not live models (a loss, an accuracy).
   */
  public static <T> T read(Snapshot snapshot, java.util.function.Function<Gpt, T> read) {
    try (NDManager root =
            dev.lag.trainer.engine.Engines.newManager(
                dev.lag.trainer.engine.Engines.device(snapshot.config().train().device()));
        TrainingState state = fromSnapshot(snapshot, root)) {
      return read.apply(state.model());
    }
  }

  /** A state on the device with a snapshot's tensors, moments and counters. */
  public static TrainingState fromSnapshot(Snapshot snapshot, NDManager parent) {
    Gpt gpt = Gpt.fromTensors(snapshot.config().model(), parent, snapshot.parameters());
    AdamW optimizer = new AdamW(gpt.parameters(), snapshot.config().train(), gpt.manager());
    try {
      optimizer.load(snapshot.firstMoments(), snapshot.secondMoments());
    } catch (RuntimeException e) {
      optimizer.close();
      gpt.close();
      throw e;
    }
    Snapshot.Counters c = snapshot.counters();
    optimizer.setStepCount(c.optimizerStep());
    // A ramp in progress: the model evaluates as it stood at this step, even outside a training
    // loop.
    GrownStage grown = GrownStage.of(snapshot.config().train(), snapshot.config().model());
    gpt.setBlend(grown.rampedLayers(), grown.blend(c.step()));
    return new TrainingState(
        gpt, optimizer, c.step(), c.dataPosition(), c.tokens(), c.flops(), c.wallSeconds());
  }

  /** Copies this state to host memory, labelled with its run config. */
  public Snapshot toSnapshot(RunConfig config) {
    return new Snapshot(
        config,
        model.toTensors(),
        optimizer.firstMoments(),
        optimizer.secondMoments(),
        new Snapshot.Counters(
            step, dataPosition, tokens, flops, wallSeconds, optimizer.stepCount()));
  }

  /** The model. */
  public Gpt model() {
    return model;
  }

  /** The optimiser. */
  public AdamW optimizer() {
    return optimizer;
  }

  /** Steps done in the current schedule. */
  public int step() {
    return step;
  }

  /** Batches consumed since the start of training. */
  public long dataPosition() {
    return dataPosition;
  }

  /** Training tokens consumed since the start of training. */
  public long tokens() {
    return tokens;
  }

  /** Training FLOPs spent since the start of training. */
  public double flops() {
    return flops;
  }

  /** Seconds of training since the start. */
  public double wallSeconds() {
    return wallSeconds;
  }

  /** Starts a new schedule (a new growth stage): the step returns to 0, the totals continue. */
  public void resetStep() {
    step = 0;
  }

  void advance(long stepTokens, double stepFlops, double seconds) {
    step++;
    dataPosition++;
    tokens += stepTokens;
    flops += stepFlops;
    wallSeconds += seconds;
  }

  /** Frees the model and the optimiser state. */
  @Override
  public void close() {
    optimizer.close();
    model.close();
  }
}
