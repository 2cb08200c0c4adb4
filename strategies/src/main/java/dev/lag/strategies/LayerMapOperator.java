package dev.lag.strategies;

import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.GrownLayers;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.model.Gpt;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import dev.lag.trainer.model.Seeds;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Depth growth as a layer map: target layer i is a copy of source layer {@code map[i]}, or a new
 * layer where {@code map[i] == NEW}. Embeddings, final LayerNorm and head are copied unchanged.
 * Subclasses only say what the map is (and how new layers start); copying tensors and moments and
 * adding noise is done here once for all of them.
 */
public abstract class LayerMapOperator implements GrowthOperator {
  /** Marks a target layer that is not a copy. */
  public static final int NEW = -1;

  /**
   * The layer map from {@code sourceLayers} to {@code targetLayers} (called after {@link #check}).
   */
  public abstract int[] layerMap(int sourceLayers, int targetLayers);

  /** Whether new layers start with zero output projections (function-preserving) or at random. */
  public boolean zeroOutputOfNewLayers() {
    return false;
  }

  /**
   * Which target layers write nothing into the residual stream at growth: their attention and MLP
   * output projections (weights and biases) are zero. By default the new layers of an operator
   * whose {@link #zeroOutputOfNewLayers} is true; an operator that zeroes copies says so here.
   */
  public boolean[] zeroedOutputs(int sourceLayers, int targetLayers) {
    int[] map = layerMap(sourceLayers, targetLayers);
    boolean[] zeroed = new boolean[map.length];
    for (int i = 0; i < map.length; i++) {
      zeroed[i] = map[i] == NEW && zeroOutputOfNewLayers();
    }
    return zeroed;
  }

  /** Whether a layer tensor (by its suffix) writes into the residual stream. */
  static boolean writesResidual(String suffix) {
    return suffix.startsWith("attn.c_proj") || suffix.startsWith("mlp.c_proj");
  }

  @Override
  public void check(GptConfig source, GptConfig target) {
    if (!source.withLayers(target.layers()).equals(target)) {
      throw new GrowthException(
          "a depth operator changes only the number of layers; target "
              + target
              + " differs from source "
              + source
              + " in another key");
    }
    if (target.layers() <= source.layers()) {
      throw new GrowthException(
          "target depth "
              + target.layers()
              + " must be greater than the source depth "
              + source.layers());
    }
  }

  @Override
  public Snapshot grow(Snapshot source, GptConfig target, Modifiers modifiers) {
    GptConfig from = source.config().model();
    check(from, target);
    int[] map = layerMap(from.layers(), target.layers());
    boolean[] zeroed = zeroedOutputs(from.layers(), target.layers());
    Map<String, HostTensor> params = new LinkedHashMap<>();
    Map<String, HostTensor> first = new LinkedHashMap<>();
    Map<String, HostTensor> second = new LinkedHashMap<>();
    boolean[] seen = new boolean[from.layers()];
    for (Map.Entry<String, long[]> e : ParameterNames.shapes(target).entrySet()) {
      String name = e.getKey();
      int layer = ParameterNames.layerIndex(name);
      String sourceName =
          layer < 0 || map[layer] == NEW
              ? (layer < 0 ? name : null)
              : ParameterNames.layer(map[layer], ParameterNames.suffix(name));
      if (sourceName == null) {
        params.put(name, newTensor(target, name, e.getValue(), modifiers.seed()));
        first.put(name, HostTensor.zeros(e.getValue()));
        second.put(name, HostTensor.zeros(e.getValue()));
        continue;
      }
      if (layer >= 0 && zeroed[layer] && writesResidual(ParameterNames.suffix(name))) {
        // A copy that must not write into the residual stream yet: nothing to keep of it.
        params.put(name, HostTensor.zeros(e.getValue()));
        first.put(name, HostTensor.zeros(e.getValue()));
        second.put(name, HostTensor.zeros(e.getValue()));
      } else {
        HostTensor copy = source.parameters().get(sourceName).copy();
        boolean repeat = layer >= 0 && seen[map[layer]];
        if (repeat && modifiers.noise() > 0) {
          addNoise(copy, modifiers.noise(), Seeds.derive(modifiers.seed(), "noise/" + name));
        }
        params.put(name, copy);
        first.put(name, moment(source.firstMoments(), sourceName, modifiers));
        second.put(name, moment(source.secondMoments(), sourceName, modifiers));
      }
      if (layer >= 0
          && ParameterNames.suffix(name)
              .equals(
                  ParameterNames.LAYER_SUFFIXES.get(ParameterNames.LAYER_SUFFIXES.size() - 1))) {
        seen[map[layer]] = true; // the last tensor of a layer: later occurrences are copies
      }
    }
    return new Snapshot(
        retarget(source.config(), target, modifiers, grownLayers(map)),
        params,
        first,
        second,
        counters(source.counters(), modifiers));
  }

  private HostTensor newTensor(GptConfig target, String name, long[] shape, long seed) {
    if (zeroOutputOfNewLayers() && writesResidual(ParameterNames.suffix(name))) {
      return HostTensor.zeros(shape);
    }
    return Gpt.initialValue(target, name, shape, Seeds.derive(seed, "grow"));
  }

  private static HostTensor moment(
      Map<String, HostTensor> moments, String sourceName, Modifiers modifiers) {
    HostTensor m = moments.get(sourceName);
    return modifiers.optimizer() == GrowthOptimizer.COPY ? m.copy() : HostTensor.zeros(m.shape());
  }

  /** Adds N(0, (scale * RMS)^2) noise in place. */
  public static void addNoise(HostTensor t, double scale, long seed) {
    float[] d = t.data();
    double sq = 0;
    for (float v : d) {
      sq += (double) v * v;
    }
    double std = scale * Math.sqrt(sq / d.length);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < d.length; i++) {
      d[i] += (float) (std * random.nextGaussian());
    }
  }

  /**
   * The layers a map adds: new layers, and every copy of a source layer after its first occurrence
   * (in {@code [0, 1, 0, 1]} layers 2 and 3; in {@code [0, 0, 1, 1]} layers 1 and 3). These are
   * what {@code freeze} trains and {@code ramp} blends in.
   */
  public static int[] grownLayers(int[] map) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    return java.util.stream.IntStream.range(0, map.length)
        .filter(i -> map[i] == NEW || !seen.add(map[i]))
        .toArray();
  }

  /**
   * The grown model's config: the new shape, the layers the growth added, and the re-warm-up,
   * freeze and ramp the spec asks for (a previous growth's are not carried over).
   */
  static RunConfig retarget(
      RunConfig config, GptConfig target, Modifiers modifiers, int[] grownLayers) {
    modifiers.requireGrownLayers(grownLayers.length);
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("grownLayers", GrownLayers.format(grownLayers));
    keys.put("freeze", "" + modifiers.freeze());
    keys.put("ramp", "" + modifiers.ramp());
    if (modifiers.rewarmup() >= 0) {
      keys.put("warmup", "" + modifiers.rewarmup());
    }
    return new RunConfig(target, config.train(), config.data()).with(keys);
  }

  /** A new stage: schedule step 0; totals carry over; the AdamW step is kept only on request. */
  static Snapshot.Counters counters(Snapshot.Counters c, Modifiers modifiers) {
    return new Snapshot.Counters(
        0,
        c.dataPosition(),
        c.tokens(),
        c.flops(),
        c.wallSeconds(),
        modifiers.keepStep() ? c.optimizerStep() : 0);
  }

  /**
   * The map as a string, for messages and tests: {@code [0, 1, 0, 1]}, new layers as {@code new}.
   */
  public static String describe(int[] map) {
    return Arrays.toString(
        Arrays.stream(map).mapToObj(i -> i == NEW ? "new" : String.valueOf(i)).toArray());
  }
}
