package dev.lag.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.data.Batch;
import dev.lag.trainer.model.Gpt;
import java.util.List;

/** Next-token loss of a model over fixed batches, without gradients. */
public final class Evaluator {
  private Evaluator() {}

  /** The mean loss over every target token of every batch. */
  public static double meanLoss(Gpt model, List<Batch> batches) {
    return mean(batchLosses(model, batches), batches);
  }

  /**
   * The mean loss of a saved model: loads the snapshot on its own device, evaluates, and frees the
   * device again (for callers that hold snapshots, not live models).
   */
  public static double meanLoss(Snapshot snapshot, List<Batch> batches) {
    return TrainingState.read(snapshot, model -> meanLoss(model, batches));
  }

  /**
   * The mean loss of each batch, in batch order: the evidence that lets two candidates evaluated on
   * the same batches be compared batch by batch.
   */
  public static double[] batchLosses(Gpt model, List<Batch> batches) {
    double[] out = new double[batches.size()];
    for (int i = 0; i < out.length; i++) {
      Batch batch = batches.get(i);
      try (NDManager step = model.manager().newSubManager()) {
        NDArray x = step.create(batch.inputs(), new Shape(batch.batch(), batch.seqLen()));
        NDArray y = step.create(batch.targets(), new Shape(batch.batch(), batch.seqLen()));
        out[i] = model.loss(x, y).getFloat();
      }
    }
    return out;
  }

  /**
   * The token mean of per-batch means: every window has seqLen targets, so weighting a batch's mean
   * by its window count is the token mean.
   */
  public static double mean(double[] batchLosses, List<Batch> batches) {
    double sum = 0;
    long windows = 0;
    for (int i = 0; i < batchLosses.length; i++) {
      sum += batchLosses[i] * (double) batches.get(i).batch();
      windows += batches.get(i).batch();
    }
    return sum / windows;
  }
}
