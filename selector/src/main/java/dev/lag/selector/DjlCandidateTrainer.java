package dev.lag.selector;

import ai.djl.ndarray.NDManager;
import dev.lag.analysis.trajectory.Point;
import dev.lag.strategies.Growth;
import dev.lag.strategies.Modifiers;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.Batch;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.Seeds;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingResult;
import dev.lag.trainer.train.TrainingState;
import dev.lag.trainer.train.TrainingStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains candidates with lag's own trainer: grows the source snapshot with the candidate's
 * operator, then trains it on the stage's schedule. Between calls a paused candidate lives in host
 * memory as a snapshot, so only one candidate model is on the device at a time.
 *
 * <p>Randomness: every candidate sees the same batches in the same order (common random numbers,
 * which keeps data noise out of the comparison); new layers and noise draw from the root seed split
 * by candidate name.
 */
public final class DjlCandidateTrainer implements CandidateTrainer {
  private final Snapshot source;
  private final GptConfig target;
  private final RunConfig stage;
  private final BatchSampler sampler;
  private final List<Batch> validation;
  private final Map<String, Snapshot> paused = new HashMap<>();

  /**
   * @param source the trained model to grow
   * @param target the grown shape
   * @param stage the post-growth run: its {@code steps} are the stage's length, which sets the
   *     learning-rate schedule the lag is a prefix of
   * @param data the corpus (training batches and held-out windows)
   */
  public DjlCandidateTrainer(Snapshot source, GptConfig target, RunConfig stage, TextData data) {
    this.source = source;
    this.target = target;
    this.stage = stage;
    this.sampler =
        new BatchSampler(
            data.split().train(), target.seqLen(), stage.train().batch(), stage.train().seed());
    this.validation =
        dev.lag.trainer.data.EvalWindows.spread(
            data.split().validation(),
            target.seqLen(),
            stage.train().batch(),
            stage.train().evalBatches());
  }

  @Override
  public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
    Snapshot start = from == 0 ? grow(candidate) : paused.remove(candidate.name());
    if (start == null) {
      throw new IllegalStateException(candidate.name() + " was not paused at step " + from);
    }
    try (NDManager root = Engines.newManager(Engines.device(stage.train().device()));
        TrainingState state = TrainingState.fromSnapshot(start, root)) {
      TrainingLoop loop = new TrainingLoop(start.config().train(), sampler, validation);
      TrainingResult result =
          loop.run(
              state,
              r ->
                  report.accept(
                      new Point(
                          r.step(),
                          r.tokens(),
                          r.flops(),
                          orNaN(r.trainLoss()),
                          orNaN(r.evalLoss()))),
              r -> r.step() >= until);
      if (result.status() == TrainingStatus.DIVERGED) {
        report.accept(Point.ofLoss(result.lastStep(), Double.POSITIVE_INFINITY));
        return;
      }
      paused.put(candidate.name(), state.toSnapshot(start.config()));
    }
  }

  /** The paused state of a candidate (after its last call), e.g. to continue the winner. */
  public Snapshot paused(String candidate) {
    Snapshot s = paused.get(candidate);
    if (s == null) {
      throw new IllegalStateException(candidate + " is not paused");
    }
    return s;
  }

  private Snapshot grow(Candidate candidate) {
    Growth growth = candidate.resolve();
    Modifiers m = growth.modifiers();
    // Each candidate's new layers and noise come from the root seed split by its name.
    Modifiers seeded =
        new Modifiers(
            m.copyOptimizer(),
            m.keepStep(),
            m.noise(),
            m.rewarmup(),
            m.seed() ^ Seeds.derive(stage.train().seed(), "candidate/" + candidate.name()));
    Snapshot grown = new Growth(growth.spec(), growth.operator(), seeded).apply(source, target);
    RunConfig config = new RunConfig(target, stage.train(), stage.data());
    if (m.rewarmup() >= 0) {
      config = config.with("warmup", m.rewarmup());
    }
    if (candidate.lr() != null) {
      config = config.with("lr", candidate.lr());
    }
    if (candidate.warmup() != null) {
      config = config.with("warmup", candidate.warmup());
    }
    return new Snapshot(
        config, grown.parameters(), grown.firstMoments(), grown.secondMoments(), grown.counters());
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
