package dev.lag.strategies;

import java.util.ArrayList;
import java.util.List;

/**
 * "Interwoven" insertion, compared against middle stacking in follow-ups of MIDAS: layers are
 * duplicated in place, {@code [0, 0, 1, 1, ...]}. The reference says "cut to L'"; cutting the fully
 * doubled stack would drop the top source layers, so lag instead duplicates layers from the bottom
 * up until the target depth is reached ({@code L=4 -> 6: [0, 0, 1, 1, 2, 3]}), keeping every source
 * layer; a target deeper than 2L repeats the pass on the grown stack.
 */
public final class Interleave extends LayerMapOperator {
  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    List<Integer> stack = new ArrayList<>();
    for (int i = 0; i < sourceLayers; i++) {
      stack.add(i);
    }
    while (stack.size() < targetLayers) {
      List<Integer> next = new ArrayList<>();
      int extra = targetLayers - stack.size();
      for (int layer : stack) {
        next.add(layer);
        if (extra > 0) {
          next.add(layer);
          extra--;
        }
      }
      stack = next;
    }
    return stack.stream().mapToInt(Integer::intValue).toArray();
  }
}
