package dev.lag.selector.runners.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.SelectionPolicy;
import dev.lag.selector.policy.SuccessiveHalving;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** LAG on lag's own trainer: grow a tiny trained model with three operators and pick. */
@Tag("djl")
class DjlCandidateTrainerTest {
  static final RunConfig CONFIG =
      RunConfig.DEFAULT.withAssignments(
          List.of(
              ("layers=2 dModel=32 heads=2 seqLen=32 batch=8 steps=30 warmup=3 lr=1e-2 evalInterval=5"
                      + " evalBatches=2 embeddedBytes=200000")
                  .split(" ")));

  /** The two-layer model the candidates grow from, trained for CONFIG's 30 steps. */
  static Snapshot source(TextData data) {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fresh(CONFIG.model(), CONFIG.train(), root)) {
      new TrainingLoop(CONFIG.train(), new BatchSampler(data.split().train(), 32, 8, 1), List.of())
          .run(state, r -> {});
      return state.toSnapshot(CONFIG);
    }
  }

  /** A trainer that grows {@code source} to four layers for a 40-step stage. */
  static DjlCandidateTrainer trainer(Snapshot source, TextData data) {
    return new DjlCandidateTrainer(
        source, CONFIG.model().withLayers(4), CONFIG.with("steps", 40), data);
  }

  /** A selection among {@code pool} by {@code policy}, trained by {@code trainer}. */
  static Selection choose(DjlCandidateTrainer trainer, SelectionPolicy policy, Pool pool) {
    return LagSelector.builder()
        .setTrainer(trainer)
        .optPolicy(policy)
        .optFinalStep(40)
        .build()
        .choose(pool);
  }

  @Test
  void selectsAmongGrownCandidatesAndPausedCandidatesResumeExactly() {
    TextData data = TextData.load(CONFIG.data(), 32, CONFIG.train().seed());
    Snapshot source = source(data);
    Pool pool = Pool.ofSpecs(List.of("stack-top", "zero-new", "midas(optimizer=copy)"));
    Selection fixed = choose(trainer(source, data), new FixedLag(20), pool);
    assertEquals(3, fixed.ranking().size());
    assertEquals(60, fixed.compute().steps());
    assertTrue(fixed.compute().flops() > 0);
    for (Trajectory t : fixed.trajectories().values()) {
      assertEquals(20, t.lastStep());
      assertTrue(
          Double.isFinite(t.valueAt(Metric.EVAL_LOSS, 0)), "loss right after growth recorded");
      assertTrue(t.valueAt(Metric.EVAL_LOSS, 20) < t.valueAt(Metric.EVAL_LOSS, 0) + 0.5);
    }
    // zero-new starts exactly where the source ended: its step-0 loss is the lowest of the three.
    double zero = fixed.trajectories().get("zero-new").valueAt(Metric.EVAL_LOSS, 0);
    double top = fixed.trajectories().get("stack-top").valueAt(Metric.EVAL_LOSS, 0);
    assertTrue(zero < top, "function-preserving growth starts lower: " + zero + " vs " + top);

    // Successive halving pauses candidates and continues them: the survivors' curves must equal
    // those of an uninterrupted run (same data, same schedule), step for step, up to float
    // rounding. Rounding differences grow with every step at this learning rate (3e-4 by step 16 on
    // one CI machine), while a real resume bug (lost Adam moments, a replayed batch) moves the loss
    // by more than 1e-2 on the first step after the pause.
    Selection halving = choose(trainer(source, data), new SuccessiveHalving(10, 2), pool);
    String survivor = halving.winner();
    Trajectory paused = halving.trajectories().get(survivor);
    Trajectory straight = fixed.trajectories().get(survivor);
    for (long k = 1; k <= 20; k++) {
      assertEquals(
          straight.valueAt(Metric.TRAIN_LOSS, k),
          paused.valueAt(Metric.TRAIN_LOSS, k),
          "step " + k + " (a paused candidate continues to the bit)");
    }
    assertTrue(halving.compute().steps() < fixed.compute().steps());
  }

  /**
   * At a doubling stack-top and stack-bottom build the same four layers: the second is not trained
   * again (its paused state is the first's tensors) and its curve is the first's, which is what it
   * trains on its own.
   */
  @Test
  void twinsTrainOnce() {
    TextData data = TextData.load(CONFIG.data(), 32, CONFIG.train().seed());
    Snapshot source = source(data);
    DjlCandidateTrainer trainer = trainer(source, data);
    Selection both =
        choose(
            trainer,
            new FixedLag(10),
            Pool.ofSpecs(List.of("stack-top", "zero-new", "stack-bottom")));
    assertSame(
        trainer.paused("stack-top").parameters(), trainer.paused("stack-bottom").parameters());
    assertNotSame(
        trainer.paused("stack-top").parameters(), trainer.paused("zero-new").parameters());
    Selection alone =
        choose(
            trainer(source, data),
            new FixedLag(10),
            Pool.ofSpecs(List.of("stack-bottom", "zero-new")));
    assertEquals(
        alone.trajectories().get("stack-bottom").points(),
        both.trajectories().get("stack-bottom").points());
  }
}
