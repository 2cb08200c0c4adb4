package dev.lag.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lag.trainer.data.Batch;
import dev.lag.trainer.model.Gpt;
import java.util.List;

/** Mean next-token loss of a model over fixed batches, without gradients. */
public final class Evaluator {
  private Evaluator() {}

  /** The mean loss over every target token of every batch. */
  public static double meanLoss(Gpt model, List<Batch> batches) {
    double sum = 0;
    long windows = 0;
    for (Batch batch : batches) {
      try (NDManager step = model.manager().newSubManager()) {
        NDArray x = step.create(batch.inputs(), new Shape(batch.batch(), batch.seqLen()));
        NDArray y = step.create(batch.targets(), new Shape(batch.batch(), batch.seqLen()));
        // Every window has seqLen targets, so weighting batch means by window count is the token
        // mean.
        sum += model.loss(x, y).getFloat() * (double) batch.batch();
        windows += batch.batch();
      }
    }
    return sum / windows;
  }
}
