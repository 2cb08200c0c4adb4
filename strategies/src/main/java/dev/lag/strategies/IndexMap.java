package dev.lag.strategies;

import dev.lag.trainer.config.GptConfig;
import java.util.Arrays;

/**
 * The general depth operator: target layer i is a copy of source layer {@code layers[i]}, any
 * pattern ({@code map(layers=[0, 1, 2, 0, 1, 2])}), as in the index maps of the prts stacking code.
 * stack-all, stack-top, stack-bottom and interleave are named shorthands for maps of this kind.
 */
public final class IndexMap extends LayerMapOperator {
  private final int[] layers;

  /** The map {@code layers}: one source layer index per target layer. */
  public IndexMap(int[] layers) {
    if (layers.length == 0) {
      throw new GrowthException("map: layers=[] names no layer; e.g. map(layers=[0, 1, 0, 1])");
    }
    this.layers = layers.clone();
  }

  /** Parses {@code [0, 1, 1, 0]}. */
  static IndexMap parse(String text) {
    if (text == null) {
      throw new GrowthException("map needs layers=[...], e.g. map(layers=[0, 1, 0, 1])");
    }
    String t = text.trim();
    if (!t.startsWith("[") || !t.endsWith("]")) {
      throw new GrowthException(
          "map: layers=" + text + ": expected a list of source layers, e.g. layers=[0, 1, 0, 1]");
    }
    String inner = t.substring(1, t.length() - 1).trim();
    try {
      return new IndexMap(
          inner.isEmpty()
              ? new int[0]
              : Arrays.stream(inner.split(","))
                  .mapToInt(v -> Integer.parseInt(v.trim()))
                  .toArray());
    } catch (NumberFormatException e) {
      throw new GrowthException("map: layers=" + text + ": every entry must be a whole number");
    }
  }

  @Override
  public void check(GptConfig source, GptConfig target) {
    super.check(source, target);
    checkDepths(source.layers(), target.layers());
  }

  private void checkDepths(int sourceLayers, int targetLayers) {
    if (layers.length != targetLayers) {
      throw new GrowthException(
          "map: layers="
              + describe(layers)
              + " gives "
              + layers.length
              + " layers, the target has "
              + targetLayers);
    }
    for (int layer : layers) {
      if (layer < 0 || layer >= sourceLayers) {
        throw new GrowthException(
            "map: layers="
                + describe(layers)
                + " names layer "
                + layer
                + ", the source has layers 0.."
                + (sourceLayers - 1));
      }
    }
  }

  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    checkDepths(sourceLayers, targetLayers);
    return layers.clone();
  }
}
