package dev.lag.trainer.primitives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lag.analysis.stats.Proportion;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.data.Tokenizer;
import dev.lag.trainer.model.Gpt;
import dev.lag.trainer.model.Seeds;
import dev.lag.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fixed set of reasoning-primitive prompts, tokenized once, and their evaluation on a model:
 * accuracy is the share of prompts whose greedy continuation is exactly the answer.
 *
 * <p>A prompt longer than the model's context is cut from the left, as in generation, so the query
 * line and as many examples as fit remain; {@link #shotsThatFit} says how many did on average.
 * Prompt and answer are tokenized separately, so that the answer's tokens are the ones the model
 * must produce whatever the tokenizer.
 */
public final class PrimitiveSuite {
  /** Prompts per primitive when a selection or study measures them and the config does not say. */
  public static final int DEFAULT_PROMPTS = 100;

  /** Prompts per forward pass. */
  private static final int BATCH = 64;

  private final Map<Primitive, List<int[]>> prompts;
  private final Map<Primitive, List<int[]>> answers;
  private final Map<Primitive, Double> meanPromptTokens;

  private PrimitiveSuite(
      Map<Primitive, List<int[]>> prompts,
      Map<Primitive, List<int[]>> answers,
      Map<Primitive, Double> meanPromptTokens) {
    this.prompts = prompts;
    this.answers = answers;
    this.meanPromptTokens = meanPromptTokens;
  }

  /**
   * {@code perTask} prompts of every primitive, drawn from {@code seed}: the same seed gives the
   * same prompts, so every candidate of a selection is asked the same questions.
   */
  public static PrimitiveSuite generate(Tokenizer tokenizer, int perTask, long seed) {
    if (perTask < 1) {
      throw new IllegalArgumentException("perTask=" + perTask + ": must be >= 1");
    }
    Map<Primitive, List<int[]>> prompts = new EnumMap<>(Primitive.class);
    Map<Primitive, List<int[]>> answers = new EnumMap<>(Primitive.class);
    Map<Primitive, Double> lengths = new EnumMap<>(Primitive.class);
    for (Primitive task : Primitive.values()) {
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, "primitives/" + task));
      List<int[]> p = new ArrayList<>();
      List<int[]> a = new ArrayList<>();
      long tokens = 0;
      for (int i = 0; i < perTask; i++) {
        Primitive.Example e = task.prompt(random);
        int[] ids = tokenizer.encode(e.text());
        p.add(ids);
        a.add(tokenizer.encode(e.answer()));
        tokens += ids.length;
      }
      prompts.put(task, p);
      answers.put(task, a);
      lengths.put(task, tokens / (double) perTask);
    }
    return new PrimitiveSuite(prompts, answers, lengths);
  }

  /** Prompts per task. */
  public int perTask() {
    return prompts.get(Primitive.INDUCTION).size();
  }

  /**
   * The mean number of solved examples that remain in a prompt once it is cut to {@code
   * contextLength} tokens (at most {@link Primitive#SHOTS}).
   */
  public double shotsThatFit(Primitive task, int contextLength) {
    double perLine = meanPromptTokens.get(task) / (Primitive.SHOTS + 1);
    return Math.max(0, Math.min(Primitive.SHOTS, contextLength / perLine - 1));
  }

  /**
   * Evaluates a saved model: loads the snapshot on its own device, scores every prompt, and frees
   * the device again (for callers that hold snapshots, not live models).
   */
  public Map<Primitive, Proportion> evaluate(Snapshot snapshot) {
    return TrainingState.read(snapshot, this::evaluate);
  }

  /** Accuracy of a model on every primitive, with its binomial interval. */
  public Map<Primitive, Proportion> evaluate(Gpt model) {
    return evaluate(windows -> nextTokens(model, windows), model.config().seqLen());
  }

  /**
   * Accuracy of any next-token predictor whose context holds {@code context} tokens (a model, or in
   * tests a rule that solves the tasks).
   */
  public Map<Primitive, Proportion> evaluate(NextTokens model, int context) {
    Map<Primitive, Proportion> out = new LinkedHashMap<>();
    for (Primitive task : Primitive.values()) {
      out.put(task, accuracy(model, context, prompts.get(task), answers.get(task)));
    }
    return out;
  }

  /** Greedy next-token prediction for a batch of windows of equal length. */
  @FunctionalInterface
  public interface NextTokens {
    /** The most likely next token after each window. */
    int[] next(int[][] windows);
  }

  /** The mean accuracy over the primitives: the single number selection can score by. */
  public static double mean(Map<Primitive, Proportion> accuracies) {
    return accuracies.values().stream().mapToDouble(Proportion::value).average().orElse(Double.NaN);
  }

  private static Proportion accuracy(
      NextTokens model, int context, List<int[]> prompts, List<int[]> answers) {
    // Prompts cut to the context have equal lengths when they are long; batch those of equal
    // length together.
    Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
    for (int i = 0; i < prompts.size(); i++) {
      byLength
          .computeIfAbsent(Math.min(context, prompts.get(i).length), k -> new ArrayList<>())
          .add(i);
    }
    int correct = 0;
    for (List<Integer> group : byLength.values()) {
      for (int from = 0; from < group.size(); from += BATCH) {
        List<Integer> batch = group.subList(from, Math.min(group.size(), from + BATCH));
        correct += correct(model, batch, prompts, answers, context);
      }
    }
    return Proportion.of(correct, prompts.size());
  }

  /** Greedy decoding of every prompt of a batch (all of one length); the count of exact answers. */
  private static int correct(
      NextTokens model,
      List<Integer> batch,
      List<int[]> prompts,
      List<int[]> answers,
      int context) {
    int steps = 0;
    for (int i : batch) {
      steps = Math.max(steps, answers.get(i).length);
    }
    int[][] windows = new int[batch.size()][];
    for (int b = 0; b < windows.length; b++) {
      int[] p = prompts.get(batch.get(b));
      windows[b] = Arrays.copyOfRange(p, Math.max(0, p.length - context), p.length);
    }
    int[][] generated = new int[windows.length][steps];
    for (int s = 0; s < steps; s++) {
      int[] next = model.next(windows);
      for (int b = 0; b < windows.length; b++) {
        generated[b][s] = next[b];
        windows[b] = append(windows[b], next[b], context);
      }
    }
    int correct = 0;
    for (int b = 0; b < windows.length; b++) {
      int[] answer = answers.get(batch.get(b));
      if (Arrays.equals(Arrays.copyOf(generated[b], answer.length), answer)) {
        correct++;
      }
    }
    return correct;
  }

  private static int[] nextTokens(Gpt model, int[][] windows) {
    int t = windows[0].length;
    long[] ids = new long[windows.length * t];
    for (int b = 0; b < windows.length; b++) {
      for (int i = 0; i < t; i++) {
        ids[b * t + i] = windows[b][i];
      }
    }
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x = scope.create(ids, new Shape(windows.length, t));
      NDArray last = model.forward(x).get(":, -1, :");
      long[] best = last.argMax(-1).toLongArray();
      int[] out = new int[best.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (int) best[i];
      }
      return out;
    }
  }

  private static int[] append(int[] window, int token, int context) {
    int keep = Math.min(window.length, context - 1);
    int[] out = Arrays.copyOfRange(window, window.length - keep, window.length + 1);
    out[keep] = token;
    return out;
  }
}
