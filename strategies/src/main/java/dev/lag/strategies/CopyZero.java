package dev.lag.strategies;

import java.util.ArrayList;
import java.util.List;

/**
 * Copy with zeroed output, the block expansion of LLaMA-Pro (Wu et al., 2024) and LEMON's depth
 * growth (Wang et al., 2023): the source's layers are split into as many groups as layers are
 * added, and after each group a copy of its last layer is inserted whose attention and MLP output
 * projections (weights and biases) are zero. With pre-LayerNorm residual blocks the grown model
 * computes the source's function, like zero-new, but the new layers carry trained weights inside.
 * LLaMA-Pro grows 32 -> 40 layers: a copy after every 4th. Adding more layers than the source has
 * repeats the pass on the grown stack.
 */
public final class CopyZero extends LayerMapOperator {
  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    return expand(sourceLayers, targetLayers).map();
  }

  @Override
  public boolean[] zeroedOutputs(int sourceLayers, int targetLayers) {
    return expand(sourceLayers, targetLayers).zeroed();
  }

  private record Expansion(int[] map, boolean[] zeroed) {}

  private static Expansion expand(int sourceLayers, int targetLayers) {
    List<Integer> stack = new ArrayList<>();
    List<Boolean> inserted = new ArrayList<>();
    for (int i = 0; i < sourceLayers; i++) {
      stack.add(i);
      inserted.add(false);
    }
    while (stack.size() < targetLayers) {
      int n = stack.size();
      int k = Math.min(n, targetLayers - n);
      List<Integer> next = new ArrayList<>();
      List<Boolean> nextInserted = new ArrayList<>();
      int group = 0;
      for (int i = 0; i < n; i++) {
        next.add(stack.get(i));
        nextInserted.add(inserted.get(i));
        // Group j of k ends at layer floor((j + 1) n / k) - 1: k groups, sizes differing by <= 1.
        if (group < k && i == (long) (group + 1) * n / k - 1) {
          next.add(stack.get(i));
          nextInserted.add(true);
          group++;
        }
      }
      stack = next;
      inserted = nextInserted;
    }
    boolean[] zeroed = new boolean[stack.size()];
    for (int i = 0; i < zeroed.length; i++) {
      zeroed[i] = inserted.get(i);
    }
    return new Expansion(stack.stream().mapToInt(Integer::intValue).toArray(), zeroed);
  }
}
