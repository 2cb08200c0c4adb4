package dev.lag.trainer.data;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.model.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded train/validation split of a token stream. The stream is cut into equal chunks and a
 * seeded shuffle picks which chunks are held out, so validation text comes from all over the corpus
 * rather than only its end (which, for a book, would be one part of it).
 *
 * @param train the training tokens (the kept chunks, in corpus order)
 * @param validation the held-out tokens (the chosen chunks, in corpus order)
 */
public record TokenSplit(int[] train, int[] validation) {

  /**
   * Splits {@code tokens}. Every chunk holds at least a few windows of {@code seqLen + 1} tokens.
   *
   * @throws InvalidInputException when the corpus is shorter than the windows the split needs
   */
  public static TokenSplit of(int[] tokens, int seqLen, double valFraction, long seed) {
    int window = seqLen + 1;
    int chunk = Math.max(4 * window, 4096);
    int chunks = tokens.length / chunk;
    if (chunks < 2) {
      // Too small to chunk: hold out the tail, still at least one window each side.
      int held = Math.max(window, (int) Math.round(tokens.length * valFraction));
      if (tokens.length - held < window) {
        throw InvalidInputException.field(
            "corpus",
            tokens.length + " tokens",
            "too short: training and validation each need one window of seqLen+1=" + window);
      }
      return new TokenSplit(
          Arrays.copyOfRange(tokens, 0, tokens.length - held),
          Arrays.copyOfRange(tokens, tokens.length - held, tokens.length));
    }
    int heldChunks = Math.max(1, (int) Math.round(chunks * valFraction));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      order.add(i);
    }
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, "split"));
    for (int i = chunks - 1; i > 0; i--) {
      java.util.Collections.swap(order, i, random.nextInt(i + 1));
    }
    boolean[] held = new boolean[chunks];
    for (int i = 0; i < heldChunks; i++) {
      held[order.get(i)] = true;
    }
    int[] train = new int[tokens.length - heldChunks * chunk];
    int[] val = new int[heldChunks * chunk];
    int t = 0;
    int v = 0;
    for (int c = 0; c < chunks; c++) {
      if (held[c]) {
        System.arraycopy(tokens, c * chunk, val, v, chunk);
        v += chunk;
      } else {
        System.arraycopy(tokens, c * chunk, train, t, chunk);
        t += chunk;
      }
    }
    // The tail after the last whole chunk goes to training.
    System.arraycopy(tokens, chunks * chunk, train, t, tokens.length - chunks * chunk);
    return new TokenSplit(train, val);
  }
}
