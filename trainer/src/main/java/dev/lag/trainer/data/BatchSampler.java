package dev.lag.trainer.data;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.model.Seeds;

/**
 * Random contiguous windows of a token stream. The batch of step {@code s} is a pure function of
 * (seed, s): there is no sampler state to save, and a resumed run or a candidate trained with the
 * same seed sees exactly the same data in the same order.
 */
public final class BatchSampler {
  private final int[] tokens;
  private final int seqLen;
  private final int batch;
  private final long seed;
  private final int starts;

  /**
   * @param tokens the stream to sample from
   * @param seqLen tokens per window (each window reads {@code seqLen + 1} tokens)
   * @param batch windows per batch
   * @param seed data-order seed
   */
  public BatchSampler(int[] tokens, int seqLen, int batch, long seed) {
    if (tokens.length < seqLen + 1) {
      throw InvalidInputException.field(
          "corpus",
          tokens.length + " training tokens",
          "shorter than one window of seqLen+1=" + (seqLen + 1));
    }
    this.tokens = tokens;
    this.seqLen = seqLen;
    this.batch = batch;
    this.seed = Seeds.derive(seed, "data");
    this.starts = tokens.length - seqLen;
  }

  /** The batch for 0-based step {@code step}. */
  public Batch batch(long step) {
    long[] inputs = new long[batch * seqLen];
    long[] targets = new long[batch * seqLen];
    for (int b = 0; b < batch; b++) {
      long h = Seeds.mix(seed ^ Seeds.mix(step * batch + b));
      int start = (int) Math.floorMod(h, (long) starts);
      for (int i = 0; i < seqLen; i++) {
        inputs[b * seqLen + i] = tokens[start + i];
        targets[b * seqLen + i] = tokens[start + i + 1];
      }
    }
    return new Batch(inputs, targets, batch, seqLen);
  }
}
