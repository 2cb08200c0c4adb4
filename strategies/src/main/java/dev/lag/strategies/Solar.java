package dev.lag.strategies;

import dev.lag.trainer.config.GptConfig;

/**
 * SOLAR depth up-scaling (Kim et al., 2023): two copies of the source; drop the last m layers of
 * the first and the first m of the second; concatenate. From L layers the target has 2L - 2m:
 * {@code [0..L-m-1, m..L-1]} (32 -> 48 with m = 8 in the paper). Without m, m follows from the
 * target depth; m = 0 is stack-all.
 */
public final class Solar extends LayerMapOperator {
  /** m, or -1 to derive it from the target depth. */
  private final int dropped;

  /** SOLAR dropping {@code m} layers at the seam. */
  public Solar(int m) {
    if (m < 0) {
      throw new GrowthException("solar: m=" + m + " must be >= 0");
    }
    this.dropped = m;
  }

  /** SOLAR dropping as many layers at the seam as the target depth needs. */
  public Solar() {
    this.dropped = -1;
  }

  private int m(int sourceLayers, int targetLayers) {
    return dropped >= 0 ? dropped : (2 * sourceLayers - targetLayers) / 2;
  }

  @Override
  public void check(GptConfig source, GptConfig target) {
    super.check(source, target);
    checkDepths(source.layers(), target.layers());
  }

  private void checkDepths(int l, int t) {
    if (dropped < 0 && (t > 2 * l || (2 * l - t) % 2 != 0)) {
      throw new GrowthException(
          "solar cannot reach depth "
              + t
              + " from "
              + l
              + ": it builds 2L - 2m layers, an even number from "
              + (l + 1 + (l + 1) % 2)
              + " to "
              + 2 * l);
    }
    int m = m(l, t);
    if (t <= l || 2 * l - 2 * m != t) {
      throw new GrowthException(
          "solar(m=" + m + ") builds " + (2 * l - 2 * m) + " layers from " + l + ", not " + t);
    }
  }

  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    checkDepths(sourceLayers, targetLayers);
    int m = m(sourceLayers, targetLayers);
    int[] map = new int[2 * sourceLayers - 2 * m];
    for (int i = 0; i < sourceLayers - m; i++) {
      map[i] = i;
      map[sourceLayers - m + i] = m + i;
    }
    return map;
  }
}
