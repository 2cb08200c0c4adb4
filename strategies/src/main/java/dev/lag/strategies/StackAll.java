package dev.lag.strategies;

/**
 * Progressive stacking (Gong et al., ICML 2019): the whole stack placed on top of itself; target
 * layer i is a copy of source layer {@code i mod L}: {@code [0..L-1, 0..L-1, ...]}.
 */
public final class StackAll extends LayerMapOperator {
  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    int[] map = new int[targetLayers];
    for (int i = 0; i < targetLayers; i++) {
      map[i] = i % sourceLayers;
    }
    return map;
  }
}
