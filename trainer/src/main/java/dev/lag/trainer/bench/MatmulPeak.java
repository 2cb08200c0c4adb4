package dev.lag.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lag.trainer.engine.Engines;

/**
 * This machine's practical fp32 matmul peak through the same engine and thread settings as
 * training: the best of several large square matmuls. Achieved training GFLOP/s is reported as a
 * share of it.
 */
public final class MatmulPeak {
  private MatmulPeak() {}

  /** GFLOP/s of the fastest of {@code repeats} {@code n x n} matmuls. */
  public static double gflops(int n, int repeats) {
    try (NDManager manager = Engines.newManager(Engines.device("cpu"))) {
      NDArray a = manager.randomNormal(new Shape(n, n));
      NDArray b = manager.randomNormal(new Shape(n, n));
      double best = Double.MAX_VALUE;
      for (int i = 0; i < repeats + 2; i++) {
        long start = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          // PyTorch runs CPU ops eagerly: the product exists when matMul returns.
          long elapsed = System.nanoTime() - start;
          if (i >= 2) {
            best = Math.min(best, elapsed);
          }
        }
      }
      return 2.0 * n * n * n / best;
    }
  }
}
