package dev.lag.trainer.bench;

import ai.djl.ndarray.NDManager;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.ByteTokenizer;
import dev.lag.trainer.data.SyntheticCorpus;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Times full training steps (forward, backward, clipping, AdamW) of one model shape, after a
 * warm-up that covers the JIT's slow step. Reports the median, since single steps are noisy.
 */
public final class StepTimer {
  private StepTimer() {}

  /**
   * Milliseconds per step, one entry per timed step.
   *
   * @param model the shape to time
   * @param batch sequences per step
   * @param warmup untimed steps first
   * @param steps timed steps
   */
  public static double[] time(GptConfig model, int batch, int warmup, int steps) {
    TrainConfig train =
        RunConfig.DEFAULT
            .with(Map.of("batch", "" + batch, "steps", "" + (warmup + steps), "evalInterval", "0"))
            .train();
    int[] tokens = new ByteTokenizer().encode(SyntheticCorpus.generate(400_000));
    BatchSampler sampler = new BatchSampler(tokens, model.seqLen(), batch, train.seed());
    List<Long> marks = new ArrayList<>();
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fresh(model, train, root)) {
      TrainingLoop loop = new TrainingLoop(train, sampler, List.of());
      marks.add(System.nanoTime());
      loop.run(state, record -> marks.add(System.nanoTime()));
    }
    double[] ms = new double[steps];
    for (int i = 0; i < steps; i++) {
      ms[i] = (marks.get(warmup + i + 1) - marks.get(warmup + i)) / 1e6;
    }
    return ms;
  }

  /** The median of a sample. */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
