package dev.lag.trainer.train;

import dev.lag.trainer.config.GptConfig;

/**
 * Training FLOPs by the usual dense-transformer formula (Kaplan et al. 2020; PaLM appendix B):
 *
 * <pre>
 *   FLOPs per token = 6 * (N + V * d) + 12 * L * T * d
 * </pre>
 *
 * where N counts the non-embedding parameters (blocks and final LayerNorm), {@code V * d} is the
 * output head's matmul (compute, even when its weights are tied to the embedding), 6 = 2 for the
 * forward multiply-add times 3 for forward plus backward, and {@code 12 L T d} is the attention
 * score and weighted-sum matmuls (forward and backward) at context T. Embedding look-ups, softmax,
 * LayerNorm and the optimiser are not counted.
 */
public final class FlopCounter {
  private FlopCounter() {}

  /** Parameters of one transformer block. */
  public static long blockParameters(GptConfig c) {
    return c.blockParameters();
  }

  /** Training FLOPs per token when {@code activeLayers} of the blocks run (all, normally). */
  public static double perToken(GptConfig c, int activeLayers) {
    double n = activeLayers * (double) blockParameters(c) + 2.0 * c.dModel();
    double head = (double) c.vocabSize() * c.dModel();
    return 6 * (n + head) + 12.0 * activeLayers * c.seqLen() * c.dModel();
  }

  /** Training FLOPs per token with every layer running. */
  public static double perToken(GptConfig c) {
    return perToken(c, c.layers());
  }

  /** Training FLOPs of one step of {@code batch} full windows. */
  public static double perStep(GptConfig c, int batch) {
    return perStep(c, batch, c.layers());
  }

  /** Training FLOPs of one step through {@code activeLayers} of the blocks (a random sub-path). */
  public static double perStep(GptConfig c, int batch, int activeLayers) {
    return perToken(c, activeLayers) * batch * c.seqLen();
  }

  /**
   * Training FLOPs of one step of {@code batch} full windows while most layers are frozen (MSLT):
   * the forward pass runs every layer; the backward pass propagates the gradient through the head
   * and the top {@code layersBackward} layers only (autograd stops below the lowest layer that
   * trains) and computes weight gradients for the {@code layersTraining} layers, the final
   * LayerNorm and, when {@code headTrains}, the head. With every layer and the head training this
   * equals {@link #perStep(GptConfig, int)}.
   */
  public static double perStepFrozen(
      GptConfig c, int batch, int layersBackward, int layersTraining, boolean headTrains) {
    double block = blockParameters(c);
    double head = (double) c.vocabSize() * c.dModel();
    double norm = 2.0 * c.dModel();
    double attention = (double) c.seqLen() * c.dModel();
    double forward = 2 * (c.layers() * block + norm + head) + 4 * c.layers() * attention;
    double inputGradients =
        2 * (layersBackward * block + norm + head) + 8 * layersBackward * attention;
    double weightGradients = 2 * (layersTraining * block + norm + (headTrains ? head : 0));
    return (forward + inputGradients + weightGradients) * batch * c.seqLen();
  }
}
