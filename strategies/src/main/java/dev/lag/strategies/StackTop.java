package dev.lag.strategies;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradual stacking (Reddi et al., ICML 2023): keep all L layers, then copies of the top k = L' - L
 * layers in order, {@code [0..L-1, L-k..L-1]}. When k > L the top of the growing stack is repeated
 * (at most L layers at a time).
 */
public final class StackTop extends LayerMapOperator {
  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    List<Integer> stack = new ArrayList<>();
    for (int i = 0; i < sourceLayers; i++) {
      stack.add(i);
    }
    while (stack.size() < targetLayers) {
      int k = Math.min(targetLayers - stack.size(), sourceLayers);
      stack.addAll(new ArrayList<>(stack.subList(stack.size() - k, stack.size())));
    }
    return stack.stream().mapToInt(Integer::intValue).toArray();
  }
}
