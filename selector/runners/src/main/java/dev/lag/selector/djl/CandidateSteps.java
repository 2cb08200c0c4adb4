package dev.lag.selector.djl;

import ai.djl.ndarray.NDManager;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.strategies.Growth;
import dev.lag.strategies.Modifiers;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.Seeds;
import dev.lag.trainer.train.RunInterruptedException;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingResult;
import dev.lag.trainer.train.TrainingState;
import dev.lag.trainer.train.TrainingStatus;
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
        m.withSeed(m.seed() ^ Seeds.derive(stage.train().seed(), "candidate/" + c.name()));
    Snapshot grown = new Growth(growth.spec(), growth.operator(), seeded).apply(source, target);
    RunConfig config = new RunConfig(target, stage.train(), stage.data());
    if (m.rewarmup() >= 0) {
      config = config.with("warmup", m.rewarmup());
    }
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
            .run(
                state,
                r ->
                    report.accept(
                        new Point(
                            r.step(),
                            r.tokens(),
                            r.flops(),
                            orNaN(r.trainLoss()),
                            orNaN(r.evalLoss()),
                            orNaN(r.primitives()))),
                r -> r.step() >= until);
    if (result.status() == TrainingStatus.INTERRUPTED) {
      // The window is lost (a resumed run trains it again); the windows finished before are kept.
      throw new RunInterruptedException(result.message());
    }
    if (result.status() == TrainingStatus.DIVERGED) {
      report.accept(Point.ofLoss(result.lastStep(), Double.POSITIVE_INFINITY));
      return null;
    }
    return state.toSnapshot(config);
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
