package dev.lag.strategies;

/**
 * G_random (Du et al., 2024, "Stacking Your Transformers"): keep all L layers and add L' - L
 * freshly initialised layers on top (nanoGPT's initialisation for the target depth).
 */
public final class RandomNew extends LayerMapOperator {
  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    int[] map = new int[targetLayers];
    for (int i = 0; i < targetLayers; i++) {
      map[i] = i < sourceLayers ? i : NEW;
    }
    return map;
  }
}
