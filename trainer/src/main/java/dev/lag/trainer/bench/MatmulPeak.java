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

  /** GFLOP/s of the fastest of {@code repeats} {@code n x n} matmuls on the CPU. */
  public static double gflops(int n, int repeats) {
    return gflops("cpu", n, repeats);
  }

  /** GFLOP/s of the fastest of {@code repeats} {@code n x n} matmuls on a lag device. */
  public static double gflops(String device, int n, int repeats) {
    try (NDManager manager = Engines.newManager(Engines.device(device))) {
      NDArray a = manager.randomNormal(new Shape(n, n));
      NDArray b = manager.randomNormal(new Shape(n, n));
      double best = Double.MAX_VALUE;
      for (int i = 0; i < repeats + 2; i++) {
        long start = System.nanoTime();
        try (NDArray c = a.matMul(b);
            NDArray corner = c.get(0, 0)) {
          // A GPU runs the matmul asynchronously: reading one element of the product waits for it
          // (on the CPU the product exists when matMul returns, and the read costs nothing).
          corner.getFloat();
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
