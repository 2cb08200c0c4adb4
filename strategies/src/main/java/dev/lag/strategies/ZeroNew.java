package dev.lag.strategies;

/**
 * G_zero (Du et al., 2024; the Net2DeeperNet idea of Chen, Goodfellow and Shlens, ICLR 2016): new
 * layers on top whose attention and MLP output projections (weights and biases) are zero. With
 * pre-LayerNorm residual blocks each new layer adds exactly zero, so the grown model computes the
 * source's function; gradients still reach the projections, and through them everything else.
 */
public final class ZeroNew extends LayerMapOperator {
  @Override
  public int[] layerMap(int sourceLayers, int targetLayers) {
    return new RandomNew().layerMap(sourceLayers, targetLayers);
  }

  @Override
  public boolean zeroOutputOfNewLayers() {
    return true;
  }
}
