package dev.lag.selector.runners.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Candidate;
import dev.lag.selector.Pool;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.push.PushSelection;
import dev.lag.trainer.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A user's own DJL training (EasyTrain on a linear regression) reports through the listener. */
@Tag("djl")
class LagTrainingListenerTest {
  @Test
  void djlTrainingReportsEachBatchStopsTheLoserAtTheLagAndTheWinnerAtTheEnd() throws Exception {
    Engines.pytorch();
    Pool pool =
        Pool.of(
            List.of(
                new Candidate("lr-0.001", "stack-top", 0.001, null),
                new Candidate("lr-0.5", "stack-top", 0.5, null)));
    PushSelection selection =
        new PushSelection(pool, new FixedLag(40), new LastValueScorer(Metric.TRAIN_LOSS), 100);
    try (NDManager manager = NDManager.newBaseManager()) {
      // Seeded data, so the comparison of learning rates cannot flip from run to run.
      java.util.SplittableRandom random = new java.util.SplittableRandom(3);
      float[] values = new float[800];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextDouble();
      }
      NDArray x = manager.create(values, new Shape(400, 2));
      NDArray y = x.matMul(manager.create(new float[] {2, -3}, new Shape(2, 1))).add(1);
      ArrayDataset data =
          new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(8, false).build();
      for (Candidate c : pool) {
        try (Model model = Model.newInstance("regression")) {
          model.setBlock(Linear.builder().setUnits(1).build());
          DefaultTrainingConfig config =
              new DefaultTrainingConfig(Loss.l2Loss())
                  .optOptimizer(
                      Optimizer.sgd()
                          .setLearningRateTracker(Tracker.fixed(c.lr().floatValue()))
                          .build())
                  .addTrainingListeners(new LagTrainingListener(selection.trial(c.name())));
          try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(8, 2));
            LagTrainingListener.CandidateStoppedException stopped =
                assertThrows(
                    LagTrainingListener.CandidateStoppedException.class,
                    () -> EasyTrain.fit(trainer, 5, data, null));
            assertEquals(c.name().equals("lr-0.5"), stopped.winner(), stopped.getMessage());
          }
        }
      }
    }
    Decision.Pick pick = (Decision.Pick) selection.decision();
    assertEquals(40, pick.lag());
    assertEquals(
        40,
        selection.history().trajectories().get("lr-0.001").lastStep(),
        "the loser stopped right at the lag");
    assertEquals(
        100,
        selection.history().trajectories().get("lr-0.5").lastStep(),
        "the winner trained on to the end of its stage");
    assertEquals("lr-0.5", selection.history().rank(List.of("lr-0.001", "lr-0.5"), 40).get(0));
  }
}
