package dev.lag.trainer.config;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.model.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random path training, RaPTr (Panigrahi et al., 2024): the full-depth model exists from the start,
 * and each step trains a random sub-path of its layers whose length grows by stage, until the last
 * stage trains every layer. Written in configs as {@code raptr=PATH:STEPS,...}, for example {@code
 * 4:300,6:300,8:600} on an 8-layer model, or {@code 4,6,8} to share the run's steps equally.
 *
 * <p>The path: the first and the last layer always run (the paper's fixed set); the other {@code p
 * - 2} layers are drawn uniformly without replacement from the middle ones and run in order;
 * skipped layers pass the residual stream through. The draw is a pure function of (seed, step), so
 * a resumed run draws the same paths.
 *
 * <p>Rescaling, our choice: a kept middle layer's residual branches (attention and MLP) are
 * multiplied by {@code (L - 2) / (p - 2)}, the inverse of the chance that a middle layer is kept,
 * as inverted dropout and stochastic depth do. The expected sum of the residual updates then equals
 * the full model's, so the full model that is evaluated, and trained in the last stage, sees
 * residual streams of the scale its layers were trained on; the scale is 1 once the path is the
 * whole model, so the last stage is ordinary training. The paper motivates stability across stage
 * transitions by residual connections and LayerNorm; the inverse scaling keeps that transition
 * unbiased.
 *
 * @param paths path length of each stage, non-decreasing
 * @param stageSteps steps of each stage (the last stage runs to the end of the run)
 */
public record RaptrSchedule(List<Integer> paths, List<Integer> stageSteps) {

  /** The schedule's paths and steps, copied. */
  public RaptrSchedule {
    paths = List.copyOf(paths);
    stageSteps = List.copyOf(stageSteps);
  }

  /**
   * Parses {@code raptr}: empty (ordinary training, null), {@code P1,P2,...} (equal stages of
   * {@code steps}) or {@code P1:S1,P2:S2,...}. Errors name the key and the value.
   */
  public static RaptrSchedule parse(String spec, int layers, int steps) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    List<Integer> paths = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    String[] parts = spec.split(",");
    for (String part : parts) {
      String[] ps = part.trim().split(":");
      try {
        paths.add(Integer.parseInt(ps[0].trim()));
        if (ps.length == 2) {
          lengths.add(Integer.parseInt(ps[1].trim()));
        } else if (ps.length > 2) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw InvalidInputException.field(
            "raptr", spec, "expected path lengths like 4,6,8 or PATH:STEPS pairs like 4:300,8:600");
      }
    }
    if (!lengths.isEmpty() && lengths.size() != paths.size()) {
      throw InvalidInputException.field(
          "raptr", spec, "give steps for every stage (PATH:STEPS) or for none");
    }
    int fixed = Math.min(2, layers);
    for (int i = 0; i < paths.size(); i++) {
      int p = paths.get(i);
      if (p < fixed || p > layers) {
        throw InvalidInputException.field(
            "raptr",
            spec,
            "path length "
                + p
                + " is outside ["
                + fixed
                + ", layers="
                + layers
                + "] (the first and last layer always run)");
      }
      if (i > 0 && p < paths.get(i - 1)) {
        throw InvalidInputException.field("raptr", spec, "path lengths must not decrease");
      }
    }
    if (lengths.isEmpty()) {
      for (int i = 0; i < paths.size(); i++) {
        lengths.add(
            (int) ((long) steps * (i + 1) / paths.size() - (long) steps * i / paths.size()));
      }
    }
    for (int s : lengths) {
      if (s < 0) {
        throw InvalidInputException.field("raptr", spec, "stage steps must be >= 0");
      }
    }
    return new RaptrSchedule(paths, lengths);
  }

  /** Path length at 0-based step {@code step}. */
  public int pathLength(long step) {
    long end = 0;
    for (int i = 0; i < paths.size(); i++) {
      end += stageSteps.get(i);
      if (step < end) {
        return paths.get(i);
      }
    }
    return paths.get(paths.size() - 1);
  }

  /** The layers step {@code step} runs, in order, and the scale of each one's residual branches. */
  public Path path(long step, int layers, long seed) {
    int p = pathLength(step);
    if (p >= layers) {
      return Path.full(layers);
    }
    int middle = layers - 2;
    int keep = p - 2;
    // A partial Fisher-Yates shuffle of the middle layers; the first `keep` are the kept ones.
    int[] pool = new int[middle];
    for (int i = 0; i < middle; i++) {
      pool[i] = i + 1;
    }
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed ^ Seeds.mix(step)));
    for (int i = 0; i < keep; i++) {
      int j = i + random.nextInt(middle - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    boolean[] kept = new boolean[layers];
    kept[0] = true;
    kept[layers - 1] = true;
    for (int i = 0; i < keep; i++) {
      kept[pool[i]] = true;
    }
    int[] order = new int[p];
    float[] scales = new float[p];
    float middleScale = (float) middle / keep;
    int n = 0;
    for (int layer = 0; layer < layers; layer++) {
      if (kept[layer]) {
        order[n] = layer;
        scales[n] = layer == 0 || layer == layers - 1 ? 1f : middleScale;
        n++;
      }
    }
    return new Path(order, scales);
  }

  /**
   * A sub-path of the model: the layers to run, in order, and the factor on each one's residual
   * branches.
   *
   * @param layers layer indices in running order
   * @param scales one factor per entry of {@code layers}
   */
  public record Path(int[] layers, float[] scales) {
    /** Every layer, unscaled. */
    public static Path full(int layers) {
      int[] order = new int[layers];
      float[] scales = new float[layers];
      for (int i = 0; i < layers; i++) {
        order[i] = i;
        scales[i] = 1f;
      }
      return new Path(order, scales);
    }
  }
}
