package dev.lag.selector.runners.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.lag.selector.push.Trial;
import java.util.Map;

/**
 * A DJL {@code TrainingListener} that reports each batch's loss of a user's own DJL training to a
 * {@link Trial}, and stops training by throwing {@link CandidateStoppedException}, as DJL's own
 * early stopping does: a loser when the selection drops it, the winner when it reaches the end of
 * its stage (it is never stopped at the lag). Add one per candidate: {@code
 * config.addTrainingListeners(new LagTrainingListener(selection.trial("midas")))}.
 *
 * <p>The loss is computed from the batch's labels and predictions with the trainer's loss function,
 * so it does not depend on the order of the other listeners.
 */
public final class LagTrainingListener extends TrainingListenerAdapter {
  private final Trial trial;
  private long step;

  /** Reports to {@code trial}; steps are counted from 1 (step 0 is the model before training). */
  public LagTrainingListener(Trial trial) {
    this.trial = trial;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    step++;
    double sum = 0;
    int devices = 0;
    for (Map.Entry<Device, NDList> e : batchData.getLabels().entrySet()) {
      NDList predictions = batchData.getPredictions().get(e.getKey());
      sum += trainer.getLoss().evaluate(e.getValue(), predictions).getFloat();
      devices++;
    }
    trial.report(step, devices == 0 ? Double.NaN : sum / devices);
    if (trial.shouldStop()) {
      throw new CandidateStoppedException(trial.candidate(), step, false);
    }
    if (trial.isWinner() && step >= trial.trainUntil()) {
      throw new CandidateStoppedException(trial.candidate(), step, true);
    }
  }

  /** Thrown out of {@code EasyTrain.fit} when the selection stops a candidate. */
  public static final class CandidateStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean winner;

    CandidateStoppedException(String candidate, long step, boolean winner) {
      super(
          "lag: stop training "
              + candidate
              + " after step "
              + step
              + (winner ? " (it won and reached the end of its stage)" : ""));
      this.winner = winner;
    }

    /** Whether the stopped candidate is the winner, done with its stage rather than dropped. */
    public boolean winner() {
      return winner;
    }
  }
}
