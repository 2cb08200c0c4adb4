package dev.lag.trainer.data;

import dev.lag.analysis.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed, non-overlapping evaluation windows: window i has inputs {@code tokens[iT, iT+T)} and
 * targets {@code tokens[iT+1, iT+T+1)}, for every i with {@code iT+T+1 <= n}. No sampling, so the
 * same tokens always give the same loss, in lag or in any other framework.
 */
public final class EvalWindows {
  private EvalWindows() {}

  /** Every window of the stream, in batches of at most {@code batch} windows. */
  public static List<Batch> all(int[] tokens, int seqLen, int batch) {
    return batches(tokens, seqLen, batch, windowCount(tokens, seqLen), 1);
  }

  /**
   * At most {@code maxBatches * batch} windows spread evenly over the stream, for cheap periodic
   * validation during training.
   */
  public static List<Batch> spread(int[] tokens, int seqLen, int batch, int maxBatches) {
    int count = windowCount(tokens, seqLen);
    // long: evalBatches x batch overflowed an int into no windows (and a NaN validation loss)
    int wanted = (int) Math.min(count, (long) maxBatches * batch);
    return batches(tokens, seqLen, batch, wanted, (double) count / wanted);
  }

  /** How many whole windows the stream holds. */
  public static int windowCount(int[] tokens, int seqLen) {
    int count = (tokens.length - 1) / seqLen;
    if (count < 1) {
      throw InvalidInputException.field(
          "data", tokens.length + " tokens", "shorter than one window of seqLen+1=" + (seqLen + 1));
    }
    return count;
  }

  private static List<Batch> batches(
      int[] tokens, int seqLen, int batch, int windows, double stride) {
    List<Batch> out = new ArrayList<>();
    for (int first = 0, n; first < windows; first += n) {
      n = Math.min(batch, windows - first);
      long[] inputs = new long[n * seqLen];
      long[] targets = new long[n * seqLen];
      for (int b = 0; b < n; b++) {
        int start = (int) ((long) ((first + b) * stride)) * seqLen;
        for (int i = 0; i < seqLen; i++) {
          inputs[b * seqLen + i] = tokens[start + i];
          targets[b * seqLen + i] = tokens[start + i + 1];
        }
      }
      out.add(new Batch(inputs, targets, n, seqLen));
    }
    return out;
  }
}
