package dev.lag.strategies;

/**
 * A control from the stacking literature: keep all L layers, then copies of the bottom k = L' - L
 * layers, {@code [0..L-1, 0..k-1]}; when k > L the bottom L layers are repeated again.
 */
public final class StackBottom extends LayerMapOperator {
  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    int[] map = new int[targetLayers];
    for (int i = 0; i < targetLayers; i++) {
      map[i] = i < sourceLayers ? i : (i - sourceLayers) % sourceLayers;
    }
    return map;
  }
}
