package dev.lag.strategies.layout;

import dev.lag.analysis.InvalidInputException;
import dev.lag.strategies.GrowthException;
import dev.lag.strategies.LayerMapOperator;
import dev.lag.strategies.Modifiers;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Depth growth of a checkpoint in a named layout: target block i is a copy of source block {@code
 * map[i]}, or a new block. Embeddings, final norm and head are copied unchanged. A new block starts
 * as a trained model's block would be initialised (weights N(0, 0.02), biases 0, norm gains 1), and
 * a function-preserving operator zeroes what it writes into the residual stream, so the grown model
 * computes what the source did.
 */
public final class LayoutGrowth {
  private LayoutGrowth() {}

  /**
   * What growing did.
   *
   * @param tensors the grown model's tensors, in the source's order with the blocks renumbered
   * @param sourceLayers blocks in the source
   * @param layerMap target block to source block ({@link LayerMapOperator#NEW} for new blocks)
   */
  public record Result(Map<String, HostTensor> tensors, int sourceLayers, int[] layerMap) {}

  /**
   * Grows {@code source} to {@code targetLayers} blocks.
   *
   * @param modifiers {@code noise} and {@code seed} apply (a weights file has no optimizer state)
   * @throws InvalidInputException naming the missing tensor or the unreachable depth
   */
  public static Result grow(
      Map<String, HostTensor> source,
      Layout layout,
      LayerMapOperator operator,
      Modifiers modifiers,
      int targetLayers) {
    Blocks blocks = blocks(source, layout);
    int layers = blocks.layers();
    String prefix = blocks.prefix();
    List<String> suffixes = blocks.suffixes();
    if (targetLayers <= layers) {
      throw InvalidInputException.field(
          "--depth", targetLayers, "must be more than the source's " + layers + " blocks");
    }
    int[] map;
    boolean[] zeroed;
    try {
      map = operator.layerMap(layers, targetLayers);
      zeroed = operator.zeroedOutputs(layers, targetLayers);
    } catch (GrowthException | IllegalArgumentException e) {
      throw InvalidInputException.field("--depth", targetLayers, e.getMessage());
    }

    Map<String, HostTensor> grown = new LinkedHashMap<>();
    boolean blocksWritten = false;
    for (Map.Entry<String, HostTensor> e : source.entrySet()) {
      if (layout.layerOf(e.getKey()) < 0) {
        grown.put(e.getKey(), e.getValue().copy());
      } else if (!blocksWritten) {
        blocksWritten = true;
        writeBlocks(grown, source, layout, prefix, suffixes, map, zeroed, operator, modifiers);
      }
    }
    return new Result(grown, layers, map);
  }

  /** The source's blocks: how many, their name prefix, and the tensors every block holds. */
  private record Blocks(int layers, String prefix, List<String> suffixes) {}

  /**
   * Reads the blocks of a checkpoint in a layout, refusing one whose blocks are not numbered 0 ..
   * n-1 or do not all hold the same tensors with the same shapes.
   */
  private static Blocks blocks(Map<String, HostTensor> source, Layout layout) {
    // Every block must hold the same tensors with the same shapes: a checkpoint with a block
    // missing one is not of this layout (or is truncated), and growing it would hide that.
    List<String> suffixes = new ArrayList<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    int layers = 0;
    String prefix = null;
    java.util.TreeSet<Integer> indices = new java.util.TreeSet<>();
    for (String name : source.keySet()) {
      int i = layout.layerOf(name);
      if (i < 0) {
        continue;
      }
      indices.add(i);
      layers = Math.max(layers, i + 1);
      prefix = prefix == null ? layout.prefixOf(name) : prefix;
      String suffix = layout.suffixOf(name);
      if (i == 0) {
        suffixes.add(suffix);
        shapes.put(suffix, source.get(name).shape());
      }
    }
    if (layers == 0) {
      throw InvalidInputException.field(
          "--layout", layout.label(), "no block tensors of that layout in the file");
    }
    // Blocks are numbered 0 .. n-1: a gap (a file whose blocks start at 1, a shard) would grow
    // into a model without the missing blocks.
    if (indices.size() != layers) {
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < layers && missing.size() < 5; i++) {
        if (!indices.contains(i)) {
          missing.add(i);
        }
      }
      throw InvalidInputException.field(
          "tensor blocks",
          indices.size() > 8 ? indices.first() + ".." + indices.last() : indices.toString(),
          "block indices must run 0.." + (layers - 1) + "; missing " + missing);
    }
    for (int i = 0; i < layers; i++) {
      for (String suffix : suffixes) {
        String name = prefix + i + "." + suffix;
        HostTensor t = source.get(name);
        if (t == null) {
          throw InvalidInputException.field(
              "tensor", name, "missing: block 0 has " + suffix + " and every block must");
        }
        if (!java.util.Arrays.equals(t.shape(), shapes.get(suffix))) {
          throw InvalidInputException.field(
              "tensor",
              name,
              "shape "
                  + java.util.Arrays.toString(t.shape())
                  + ", expected "
                  + java.util.Arrays.toString(shapes.get(suffix))
                  + " as in block 0");
        }
      }
    }
    return new Blocks(layers, prefix, suffixes);
  }

  private static void writeBlocks(
      Map<String, HostTensor> out,
      Map<String, HostTensor> source,
      Layout layout,
      String prefix,
      List<String> suffixes,
      int[] map,
      boolean[] zeroed,
      LayerMapOperator operator,
      Modifiers modifiers) {
    java.util.Set<Integer> seen = new LinkedHashSet<>();
    for (int i = 0; i < map.length; i++) {
      for (String suffix : suffixes) {
        String name = prefix + i + "." + suffix;
        HostTensor shape0 = source.get(prefix + 0 + "." + suffix);
        HostTensor t;
        if (map[i] == LayerMapOperator.NEW) {
          t = newTensor(layout, suffix, shape0, operator, Seeds.derive(modifiers.seed(), name));
        } else if (zeroed[i] && layout.writesResidual(suffix)) {
          t = HostTensor.zeros(shape0.shape()); // a copy that writes nothing yet (copy-zero)
        } else {
          t = source.get(prefix + map[i] + "." + suffix).copy();
          if (seen.contains(map[i]) && modifiers.noise() > 0 && !layout.isConstant(suffix)) {
            LayerMapOperator.addNoise(
                t, modifiers.noise(), Seeds.derive(modifiers.seed(), "noise/" + name));
          }
        }
        out.put(name, t);
      }
      if (map[i] != LayerMapOperator.NEW) {
        seen.add(map[i]);
      }
    }
  }

  private static HostTensor newTensor(
      Layout layout, String suffix, HostTensor like, LayerMapOperator operator, long seed) {
    if (layout.isConstant(suffix)) {
      return like.copy();
    }
    if (layout.isGain(suffix)) {
      HostTensor ones = HostTensor.zeros(like.shape());
      java.util.Arrays.fill(ones.data(), 1f);
      return ones;
    }
    if (suffix.endsWith("bias")
        || (operator.zeroOutputOfNewLayers() && layout.writesResidual(suffix))) {
      return HostTensor.zeros(like.shape());
    }
    HostTensor t = HostTensor.zeros(like.shape());
    SplittableRandom random = new SplittableRandom(seed);
    float[] d = t.data();
    for (int j = 0; j < d.length; j++) {
      d[j] = (float) (0.02 * random.nextGaussian());
    }
    return t;
  }
}
