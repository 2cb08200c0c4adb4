package dev.lag.selector.runners.djl;

import ai.djl.ndarray.NDManager;
import dev.lag.analysis.io.RunStatus;
import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.selector.Candidate;
import dev.lag.strategies.Growth;
import dev.lag.strategies.Modifiers;
import dev.lag.trainer.batch.BatchedTraining;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.Seeds;
import dev.lag.trainer.train.RunInterruptedException;
import dev.lag.trainer.train.StepListener;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingResult;
import dev.lag.trainer.train.TrainingState;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pure steps every trainer of candidates is made of: grow a source with a candidate, train a
 * snapshot to a step, train a model from its initialisation. Each is a function of its inputs
 * (snapshots are host memory), which is what lets a candidate's window run in this process or on
 * another machine with the same result.
 */
public final class CandidateSteps {
  private CandidateSteps() {}

  /**
   * The candidate's grown model with the stage's schedule. Its new layers and noise draw from the
   * root seed split by the candidate's name.
   */
  public static Snapshot grow(Snapshot source, GptConfig target, RunConfig stage, Candidate c) {
    Growth growth = Growths.resolve(c);
    Modifiers m = growth.modifiers();
    Modifiers seeded =
        m.withSeed(m.seed() ^ Seeds.derive(stage.train().orderSeed(), "candidate/" + c.name()));
    Growth candidateGrowth = new Growth(growth.spec(), growth.operator(), seeded);
    Snapshot grown = candidateGrowth.apply(source, target);
    RunConfig config = candidateGrowth.stageConfig(stage, grown);
    if (c.lr() != null) {
      config = config.with("lr", c.lr());
    }
    if (c.warmup() != null) {
      config = config.with("warmup", c.warmup());
    }
    return grown.withConfig(config);
  }

  /**
   * Trains {@code start} (on the device its config names) until step {@code until}, reporting every
   * step.
   *
   * @return the paused state, or null when the run diverged (its last report is then an infinite
   *     loss)
   */
  public static Snapshot train(
      Snapshot start, TrainingInputs inputs, long until, Consumer<Point> report) {
    try (NDManager root = Engines.newManager(Engines.device(start.config().train().device()));
        TrainingState state = TrainingState.fromSnapshot(start, root)) {
      return run(state, start.config(), inputs, until, report);
    }
  }

  /** Trains a model of {@code run} from its seeded initialisation until step {@code until}. */
  public static Snapshot trainFresh(
      RunConfig run, TrainingInputs inputs, long until, Consumer<Point> report) {
    try (NDManager root = Engines.newManager(Engines.device(run.train().device()));
        TrainingState state = TrainingState.fresh(run.model(), run.train(), root)) {
      return run(state, run, inputs, until, report);
    }
  }

  private static Snapshot run(
      TrainingState state,
      RunConfig config,
      TrainingInputs inputs,
      long until,
      Consumer<Point> report) {
    TrainingResult result =
        new TrainingLoop(config.train(), inputs)
            .run(state, r -> report.accept(point(r)), r -> r.step() >= until);
    if (result.status() == RunStatus.INTERRUPTED) {
      // The window is lost (a resumed run trains it again); the windows finished before are kept.
      throw new RunInterruptedException(result.message());
    }
    if (result.status() == RunStatus.DIVERGED) {
      report.accept(Point.ofLoss(result.lastStep(), Double.POSITIVE_INFINITY));
      return null;
    }
    return state.toSnapshot(config);
  }

  /**
   * A cooldown probe of {@code state}: a fork trained {@code steps} more steps on the batches that
   * follow (the same for every candidate of the replica) while its learning rate decays linearly
   * from the stage's rate at this step to nothing, then evaluated on the held-out batches. The fork
   * is thrown away: {@code state} is not touched.
   *
   * @return the probe, or null when the fork diverged
   */
  public static Probe probe(Snapshot state, TrainingInputs inputs, int steps) {
    RunConfig stage = state.config();
    int at = state.counters().step();
    double start = stage.train().learningRates().at(at);
    // Evaluate once, at the end: an interval no step of the fork reaches.
    RunConfig fork =
        stage.with(Map.of("steps", "" + (at + steps), "evalInterval", "" + Integer.MAX_VALUE));
    try (NDManager root = Engines.newManager(Engines.device(stage.train().device()));
        TrainingState forked = TrainingState.fromSnapshot(state.withConfig(fork), root)) {
      double flopsBefore = forked.flops();
      StepRecord[] last = new StepRecord[1];
      TrainingResult r =
          new TrainingLoop(
                  fork.train(), inputs, step -> start * (at + steps - step) / (double) steps)
              .run(forked, record -> last[0] = record);
      if (r.status() == RunStatus.INTERRUPTED) {
        throw new RunInterruptedException(r.message());
      }
      if (r.status() == RunStatus.DIVERGED || last[0] == null || last[0].evalLoss() == null) {
        return null;
      }
      return new Probe(
          steps,
          last[0].evalLoss(),
          BatchLosses.of(last[0].evalBatchLosses()),
          forked.flops() - flopsBefore);
    }
  }

  /** A training record as a trajectory point. */
  public static Point point(StepRecord r) {
    return new Point(
        r.step(),
        r.tokens(),
        r.flops(),
        orNaN(r.trainLoss()),
        orNaN(r.evalLoss()),
        orNaN(r.primitives()),
        r.evalBatchLosses() == null ? BatchLosses.NONE : BatchLosses.of(r.evalBatchLosses()),
        null);
  }

  /**
   * Trains states that {@link BatchedTraining#canBatch} as one batch until step {@code until},
   * reporting each member's steps to its consumer.
   *
   * @return each member's paused state, or null for one that diverged (its last report is then an
   *     infinite loss)
   */
  public static List<Snapshot> trainBatched(
      List<Snapshot> starts, TrainingInputs inputs, long until, List<Consumer<Point>> reports) {
    List<StepListener> listeners =
        reports.stream().map(r -> (StepListener) record -> r.accept(point(record))).toList();
    BatchedTraining.Result result = BatchedTraining.train(starts, inputs, until, listeners);
    for (int m = 0; m < starts.size(); m++) {
      if (result.divergedAt()[m] != 0) {
        reports.get(m).accept(Point.ofLoss(result.divergedAt()[m], Double.POSITIVE_INFINITY));
      }
    }
    return result.states();
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
