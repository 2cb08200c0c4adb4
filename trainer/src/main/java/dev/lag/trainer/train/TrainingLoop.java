package dev.lag.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lag.analysis.io.RunStatus;
import dev.lag.trainer.config.RaptrSchedule;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.data.Batch;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.engine.FairShareThreads;
import dev.lag.trainer.model.Gpt;
import dev.lag.trainer.model.Seeds;
import dev.lag.trainer.primitives.PrimitiveSuite;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: for each step, a batch, forward, backward, global-norm clipping, AdamW, and a
 * {@link StepRecord} for the listeners; held-out evaluation (loss, and the reasoning primitives
 * when asked for) every {@code evalInterval} steps and at the end. With a {@code raptr} schedule
 * each step trains a random sub-path of the layers ({@link RaptrSchedule}) and counts the FLOPs of
 * that path. Each step's activations live in one sub-manager that is closed with the step, so
 * memory stays flat however long the run. A raised {@link StopRequest} ends the run before the next
 * step ({@code interrupted}).
 */
public final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  private final TrainConfig config;
  private final BatchSampler sampler;
  private final List<Batch> validation;
  private final java.util.function.IntToDoubleFunction schedule;
  private final PrimitiveSuite primitives;

  /**
   * @param config steps, schedule, clipping and evaluation settings
   * @param sampler the training batches
   * @param validation fixed held-out batches (empty: never evaluate)
   */
  public TrainingLoop(TrainConfig config, BatchSampler sampler, List<Batch> validation) {
    this(config, new TrainingInputs(sampler, validation, null));
  }

  /**
   * @param config steps, schedule, clipping and evaluation settings
   * @param inputs the training batches, held-out batches and primitive prompts (null: none)
   */
  public TrainingLoop(TrainConfig config, TrainingInputs inputs) {
    this(config, inputs, config.learningRates()::at);
  }

  /**
   * @param config steps, clipping and evaluation settings
   * @param inputs the training batches, held-out batches and primitive prompts (null: none)
   * @param learningRate the rate of each 0-based step (a cooldown's, instead of the config's)
   */
  public TrainingLoop(
      TrainConfig config,
      TrainingInputs inputs,
      java.util.function.IntToDoubleFunction learningRate) {
    this.config = config;
    this.sampler = inputs.sampler();
    this.validation = inputs.validation();
    this.schedule = learningRate;
    this.primitives = inputs.primitives();
  }

  /** Trains until {@code config.steps()} or until a divergence. */
  public TrainingResult run(TrainingState state, StepListener listener) {
    return run(state, listener, record -> false);
  }

  /**
   * Trains from {@code state.step()} until {@code config.steps()}, a divergence, or until {@code
   * stop} says so after a step.
   */
  public TrainingResult run(
      TrainingState state, StepListener listener, Predicate<StepRecord> stop) {
    Gpt model = state.model();
    Map<String, NDArray> params = model.parameters();
    int layers = model.config().layers();
    long tokensPerStep = config.tokensPerStep(model.config().seqLen());
    RaptrSchedule raptr = RaptrSchedule.parse(config.raptr(), layers, config.steps());
    long pathSeed = Seeds.derive(config.orderSeed(), "raptr");
    double lastLoss = Double.NaN;
    double lastEval = Double.NaN;
    boolean evaluates = config.evalInterval() > 0 && !validation.isEmpty();
    GrownStage grown = GrownStage.of(config, model.config());
    int[] ramped = grown.rampedLayers();
    model.setBlend(ramped, grown.blend(state.step()));

    if (state.step() == 0 && evaluates) {
      // The loss before any update: right after initialisation or growth (k = 0 in LAG terms).
      StepRecord first = evaluated(model, state, 0, null, null, null);
      lastEval = first.evalLoss();
      listener.onStep(first);
      if (stop.test(first)) {
        return new TrainingResult(RunStatus.STOPPED, 0, lastLoss, lastEval, "stopped at step 0");
      }
    }

    while (state.step() < config.steps()) {
      if (StopRequest.raised()) {
        return interrupted(state.step(), lastLoss, lastEval);
      }
      FairShareThreads.onStep();
      long started = System.nanoTime();
      int step = state.step();
      double lr = schedule.applyAsDouble(step);
      Batch batch = sampler.batch(state.dataPosition());
      RaptrSchedule.Path path = raptr == null ? null : raptr.path(step, layers, pathSeed);
      model.setBlend(ramped, grown.blend(step + 1));
      setTrainable(params, grown, step);
      Update update = update(state, batch, path, lr, grown, step);
      float loss = update.loss();
      float gradNorm = update.gradNorm();
      if (update.diverged()) {
        String what = Float.isFinite(loss) ? "gradient norm" : "loss";
        String message =
            what + " became " + (Float.isFinite(loss) ? gradNorm : loss) + " at step " + (step + 1);
        LOG.warn("training diverged: {}", message);
        return new TrainingResult(RunStatus.DIVERGED, step + 1, lastLoss, lastEval, message);
      }
      double flops =
          path == null
              ? grown.flopsPerStep(model.config(), config.batch(), step)
              : FlopCounter.perStep(model.config(), config.batch(), path.layers().length);
      state.advance(tokensPerStep, flops, (System.nanoTime() - started) / 1e9);
      lastLoss = loss;

      int done = state.step();
      StepRecord record =
          evaluates && (done % config.evalInterval() == 0 || done == config.steps())
              ? evaluated(model, state, done, (double) loss, lr, (double) gradNorm)
              : new StepRecord(
                  done,
                  state.tokens(),
                  state.flops(),
                  (double) loss,
                  lr,
                  (double) gradNorm,
                  state.wallSeconds(),
                  null,
                  null,
                  null);
      lastEval = record.evalLoss() != null ? record.evalLoss() : lastEval;
      listener.onStep(record);
      if (stop.test(record)) {
        return new TrainingResult(
            RunStatus.STOPPED, done, lastLoss, lastEval, "stopped at step " + done);
      }
    }
    return new TrainingResult(RunStatus.COMPLETED, state.step(), lastLoss, lastEval, "");
  }

  /**
   * Which parameters train at this step: all, or during a freeze only the grown layers' (autograd
   * then skips the rest: no weight gradient, and no backward pass below the lowest layer that
   * trains).
   */
  private static void setTrainable(Map<String, NDArray> params, GrownStage grown, int step) {
    boolean freezing = grown.freezing(step);
    for (Map.Entry<String, NDArray> p : params.entrySet()) {
      boolean trains = !freezing || grown.trainsWhileFrozen(p.getKey());
      if (p.getValue().hasGradient() != trains) {
        p.getValue().setRequiresGradient(trains);
      }
    }
  }

  /** One step's loss and gradient norm; a non-finite one means nothing was updated. */
  private record Update(float loss, float gradNorm) {
    boolean diverged() {
      return !Float.isFinite(loss) || !Float.isFinite(gradNorm);
    }
  }

  /**
   * Forward, backward, global-norm clipping and AdamW on one batch (on the RaPTr path when there is
   * one); a step whose loss or gradient is not finite updates nothing.
   */
  private Update update(
      TrainingState state,
      Batch batch,
      RaptrSchedule.Path path,
      double lr,
      GrownStage grown,
      int step) {
    Gpt model = state.model();
    Map<String, NDArray> params = model.parameters();
    try (NDManager scope = model.manager().newSubManager()) {
      Shape shape = new Shape(batch.batch(), batch.seqLen());
      NDArray x = scope.create(batch.inputs(), shape);
      NDArray y = scope.create(batch.targets(), shape);
      NDArray lossArray;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        lossArray =
            path == null ? model.loss(x, y) : model.loss(x, y, path.layers(), path.scales());
        collector.backward(lossArray);
      }
      float loss = lossArray.getFloat();
      float gradNorm = Float.isFinite(loss) ? globalNorm(params, scope) : Float.NaN;
      Update update = new Update(loss, gradNorm);
      if (update.diverged()) {
        zeroGradients(params);
        return update;
      }
      double scale =
          config.gradClip() > 0 && gradNorm > config.gradClip()
              ? config.gradClip() / gradNorm
              : 1.0;
      state.optimizer().step(params, lr, scale, name -> grown.skippedUpdates(name, step));
      return update;
    }
  }

  /** The record of a step with a held-out evaluation (and the primitives, when measured). */
  private StepRecord evaluated(
      Gpt model, TrainingState state, int step, Double loss, Double lr, Double gradNorm) {
    double[] batches = Evaluator.batchLosses(model, validation);
    return new StepRecord(
        step,
        state.tokens(),
        state.flops(),
        loss,
        lr,
        gradNorm,
        state.wallSeconds(),
        Evaluator.mean(batches, validation),
        primitivesAccuracy(model),
        batches);
  }

  /** The result of a run a {@link StopRequest} ended before step {@code step + 1}. */
  private static TrainingResult interrupted(int step, double lastLoss, double lastEval) {
    return new TrainingResult(
        RunStatus.INTERRUPTED,
        step,
        lastLoss,
        lastEval,
        "interrupted at step " + step + " (" + StopRequest.reason() + ")");
  }

  /** Mean accuracy on the reasoning primitives, or null when they are not measured. */
  private Double primitivesAccuracy(Gpt model) {
    return primitives == null ? null : PrimitiveSuite.mean(primitives.evaluate(model));
  }

  /** The L2 norm of all gradients together, as one number. */
  private static float globalNorm(Map<String, NDArray> params, NDManager scope) {
    NDArray total = null;
    for (NDArray p : params.values()) {
      if (!p.hasGradient()) {
        continue; // frozen
      }
      NDArray grad = p.getGradient();
      grad.attach(scope);
      NDArray squares = grad.square().sum();
      total = total == null ? squares : total.add(squares);
    }
    return total.sqrt().getFloat();
  }

  private static void zeroGradients(Map<String, NDArray> params) {
    for (NDArray p : params.values()) {
      if (!p.hasGradient()) {
        continue;
      }
      try (NDArray grad = p.getGradient()) {
        grad.set(new NDIndex("..."), 0f);
      }
    }
  }
}
