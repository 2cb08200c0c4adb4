package dev.lag.trainer.batch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.data.Batch;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.engine.FairShareThreads;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.train.Evaluator;
import dev.lag.trainer.train.FlopCounter;
import dev.lag.trainer.train.RunInterruptedException;
import dev.lag.trainer.train.StepListener;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.StopRequest;
import dev.lag.trainer.train.TrainingInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains K members of one shape on one schedule as one model ({@link BatchedGpt}): the training
 * loop of {@link dev.lag.trainer.train.TrainingLoop}, step for step, with every member's loss,
 * gradient norm, clipping and divergence its own. A member that diverges is dropped from the
 * results and stops moving (its gradient is zeroed); the others go on exactly as they would have.
 */
public final class BatchedTraining {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedTraining.class);

  private BatchedTraining() {}

  /**
   * What a batched run returns.
   *
   * @param states each member's state at the end, in member order; null for a member that diverged
   * @param divergedAt per member, the step at which it diverged; 0 for one that did not
   */
  public record Result(List<Snapshot> states, int[] divergedAt) {}

  /**
   * Whether these states can train as one batch: at least one, each {@link #batchable}, all with
   * the same {@link #batchKey}. A batch of one trains as the batched model too: a batched member's
   * result is the same bits in any company, so a resumed run that has one window of a batch left to
   * train ends exactly as the uninterrupted run (the sequential loop sums in another order).
   */
  public static boolean canBatch(List<Snapshot> starts) {
    if (starts.isEmpty() || !starts.stream().allMatch(BatchedTraining::batchable)) {
      return false;
    }
    String key = batchKey(starts.get(0));
    return starts.stream().allMatch(s -> batchKey(s).equals(key));
  }

  /**
   * Whether a state may join a batch at all: batching on ({@code batchCandidates}) and nothing that
   * acts per member inside a step (a freeze, a ramp, a random path) or needs the single model (the
   * reasoning primitives).
   */
  public static boolean batchable(Snapshot s) {
    TrainConfig t = s.config().train();
    return t.batchCandidates()
        && t.freeze() == 0
        && t.ramp() == 0
        && t.raptr().isBlank()
        && t.evalPrimitives() == 0;
  }

  /**
   * What states that train as one batch share: the run config (shape, schedule, data order, device)
   * and the counters. The grown layers are left out: without a freeze or a ramp they only record
   * which layers a growth added, and differ from operator to operator.
   */
  public static String batchKey(Snapshot s) {
    Snapshot start = s.trainingStart();
    return start.config() + "/" + start.counters();
  }

  /**
   * Trains every member from its state until step {@code until} of the schedule (or its end),
   * handing each member's records to its listener.
   *
   * @param starts the members' states; {@link #canBatch} must hold
   * @param inputs the training and held-out batches every member sees
   * @param until the step to stop after
   * @param listeners one per member, in member order
   * @throws RunInterruptedException when a stop is requested (SIGTERM, Ctrl-C) between steps
   */
  public static Result train(
      List<Snapshot> starts, TrainingInputs inputs, long until, List<StepListener> listeners) {
    if (!canBatch(starts)) {
      throw new IllegalArgumentException("these states cannot train as one batch");
    }
    RunConfig run = starts.get(0).config();
    try (NDManager root = Engines.newManager(Engines.device(run.train().device()));
        BatchedGpt model =
            BatchedGpt.stack(
                run.model(), starts.stream().map(Snapshot::parameters).toList(), root);
        BatchedAdamW optimizer =
            new BatchedAdamW(
                model,
                starts.stream().map(Snapshot::firstMoments).toList(),
                starts.stream().map(Snapshot::secondMoments).toList(),
                run.train(),
                starts.get(0).counters().optimizerStep())) {
      return new Loop(inputs, model, optimizer, starts, listeners).run(until);
    }
  }

  /** The loop's state: shared counters, and what is per member. */
  private static final class Loop {
    final RunConfig run;
    final List<RunConfig> configs;
    final TrainConfig config;
    final TrainingInputs inputs;
    final BatchedGpt model;
    final BatchedAdamW optimizer;
    final List<StepListener> listeners;
    final int k;
    final int[] divergedAt;
    final double[] wall;
    int step;
    long dataPosition;
    long tokens;
    double flops;

    Loop(
        TrainingInputs inputs,
        BatchedGpt model,
        BatchedAdamW optimizer,
        List<Snapshot> starts,
        List<StepListener> listeners) {
      this.configs = starts.stream().map(Snapshot::config).toList();
      this.run = configs.get(0);
      this.config = run.train();
      this.inputs = inputs;
      this.model = model;
      this.optimizer = optimizer;
      this.listeners = listeners;
      this.k = starts.size();
      this.divergedAt = new int[k];
      this.wall = starts.stream().mapToDouble(s -> s.counters().wallSeconds()).toArray();
      Snapshot.Counters c = starts.get(0).counters();
      this.step = c.step();
      this.dataPosition = c.dataPosition();
      this.tokens = c.tokens();
      this.flops = c.flops();
    }

    Result run(long until) {
      List<Batch> validation = inputs.validation();
      boolean evaluates = config.evalInterval() > 0 && !validation.isEmpty();
      var schedule = config.learningRates();
      long tokensPerStep = config.tokensPerStep(run.model().seqLen());
      double flopsPerStep = FlopCounter.perStep(run.model(), config.batch());
      if (step == 0 && evaluates) {
        reportGrowth(validation);
      }
      long end = Math.min(until, config.steps());
      while (step < end && IntStream.of(divergedAt).anyMatch(d -> d == 0)) {
        if (StopRequest.raised()) {
          throw new RunInterruptedException(
              "interrupted at step " + step + " (" + StopRequest.reason() + ")");
        }
        FairShareThreads.onStep();
        long started = System.nanoTime();
        double lr = schedule.at(step);
        Batch batch = inputs.sampler().batch(dataPosition);
        float[][] update = update(batch, lr);
        float[] losses = update[0];
        float[] norms = update[1];
        step++;
        dataPosition++;
        tokens += tokensPerStep;
        flops += flopsPerStep;
        double share = (System.nanoTime() - started) / 1e9 / k;
        double[][] batches = null;
        if (evaluates && (step % config.evalInterval() == 0 || step == config.steps())) {
          batches = evaluate(validation);
        }
        report(losses, norms, lr, share, batches, validation);
      }
      List<Snapshot> states = new ArrayList<>();
      for (int m = 0; m < k; m++) {
        states.add(divergedAt[m] != 0 ? null : snapshot(m));
      }
      return new Result(states, divergedAt);
    }

    /** Every member's loss right after growth, before any update (k = 0 in LAG terms). */
    private void reportGrowth(List<Batch> validation) {
      double[][] batches = evaluate(validation);
      for (int m = 0; m < k; m++) {
        listeners
            .get(m)
            .onStep(
                new StepRecord(
                    0,
                    tokens,
                    flops,
                    null,
                    null,
                    null,
                    wall[m],
                    Evaluator.mean(batches[m], validation),
                    null,
                    batches[m]));
      }
    }

    /**
     * One step of every member on one batch: their losses and gradient norms; a member whose loss
     * or norm is not finite is marked diverged and updated no more.
     */
    private float[][] update(Batch batch, double lr) {
      try (NDManager scope = model.manager().newSubManager()) {
        Shape shape = new Shape(batch.batch(), batch.seqLen());
        NDArray x = scope.create(batch.inputs(), shape);
        NDArray y = scope.create(batch.targets(), shape);
        NDArray memberLosses;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          memberLosses = model.losses(x, y);
          collector.backward(memberLosses.sum());
        }
        float[] losses = memberLosses.toFloatArray();
        float[] norms = memberNorms(scope);
        float[] scale = new float[k];
        for (int m = 0; m < k; m++) {
          if (divergedAt[m] == 0 && !(Float.isFinite(losses[m]) && Float.isFinite(norms[m]))) {
            divergedAt[m] = step + 1;
            LOG.warn(
                "member {} diverged: {} became {} at step {}",
                m,
                Float.isFinite(losses[m]) ? "gradient norm" : "loss",
                Float.isFinite(losses[m]) ? norms[m] : losses[m],
                step + 1);
          }
          scale[m] =
              divergedAt[m] != 0
                  ? 0f
                  : config.gradClip() > 0 && norms[m] > config.gradClip()
                      ? (float) (config.gradClip() / norms[m])
                      : 1f;
        }
        optimizer.step(model.parameters(), lr, scale, scope);
        return new float[][] {losses, norms};
      }
    }

    /** Each member's record of the step just taken (none for a diverged member). */
    private void report(
        float[] losses,
        float[] norms,
        double lr,
        double share,
        double[][] batches,
        List<Batch> validation) {
      for (int m = 0; m < k; m++) {
        wall[m] += share;
        if (divergedAt[m] != 0) {
          continue;
        }
        listeners
            .get(m)
            .onStep(
                new StepRecord(
                    step,
                    tokens,
                    flops,
                    (double) losses[m],
                    lr,
                    (double) norms[m],
                    wall[m],
                    batches == null ? null : Evaluator.mean(batches[m], validation),
                    null,
                    batches == null ? null : batches[m]));
      }
    }

    /** Each member's gradient norm: the L2 norm over all its gradients together. */
    private float[] memberNorms(NDManager scope) {
      NDArray total = null;
      for (NDArray p : model.parameters().values()) {
        NDArray grad = p.getGradient();
        grad.attach(scope);
        int[] axes = IntStream.range(1, p.getShape().dimension()).toArray();
        NDArray squares = grad.square().sum(axes);
        total = total == null ? squares : total.add(squares);
      }
      return total.sqrt().toFloatArray();
    }

    /** Per member, the mean loss of each held-out batch. */
    private double[][] evaluate(List<Batch> validation) {
      double[][] out = new double[k][validation.size()];
      for (int i = 0; i < validation.size(); i++) {
        Batch batch = validation.get(i);
        try (NDManager scope = model.manager().newSubManager()) {
          Shape shape = new Shape(batch.batch(), batch.seqLen());
          float[] losses =
              model
                  .losses(scope.create(batch.inputs(), shape), scope.create(batch.targets(), shape))
                  .toFloatArray();
          for (int m = 0; m < k; m++) {
            out[m][i] = losses[m];
          }
        }
      }
      return out;
    }

    private Snapshot snapshot(int m) {
      Map<String, HostTensor> params = model.member(m);
      return new Snapshot(
          configs.get(m),
          params,
          optimizer.firstMoments(m),
          optimizer.secondMoments(m),
          new Snapshot.Counters(step, dataPosition, tokens, flops, wall[m], optimizer.stepCount()));
    }
  }
}
