package dev.lag.strategies;

import dev.lag.trainer.config.GptConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * MIDAS (Saunshi et al., NeurIPS 2024): in blocks of b layers, insert a copy of the middle block,
 * index {@code ceil(n/2) - 1} of n blocks, right after it; repeat on the grown stack until the
 * target depth. The source depth and the growth must both be multiples of b.
 */
public final class Midas extends LayerMapOperator {
  private final int blockSize;

  /** MIDAS with blocks of {@code blockSize} layers. */
  public Midas(int blockSize) {
    if (blockSize < 1) {
      throw new GrowthException("midas: b=" + blockSize + " must be >= 1");
    }
    this.blockSize = blockSize;
  }

  @Override
  public void check(GptConfig source, GptConfig target) {
    super.check(source, target);
    if (source.layers() % blockSize != 0) {
      throw new GrowthException(
          "midas(b="
              + blockSize
              + ") cannot split the source's "
              + source.layers()
              + " layers into blocks of "
              + blockSize);
    }
    if ((target.layers() - source.layers()) % blockSize != 0) {
      throw new GrowthException(
          "midas(b="
              + blockSize
              + ") cannot reach depth "
              + target.layers()
              + " from "
              + source.layers()
              + ": it grows in steps of "
              + blockSize
              + " layers");
    }
  }

  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    List<List<Integer>> blocks = new ArrayList<>();
    for (int start = 0; start < sourceLayers; start += blockSize) {
      List<Integer> block = new ArrayList<>();
      for (int i = start; i < start + blockSize; i++) {
        block.add(i);
      }
      blocks.add(block);
    }
    while (blocks.size() * blockSize < targetLayers) {
      int middle = (blocks.size() + 1) / 2 - 1; // ceil(n/2) - 1
      blocks.add(middle + 1, new ArrayList<>(blocks.get(middle)));
    }
    return blocks.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray();
  }
}
