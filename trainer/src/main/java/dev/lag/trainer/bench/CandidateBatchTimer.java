package dev.lag.trainer.bench;

import ai.djl.ndarray.NDManager;
import dev.lag.trainer.batch.BatchedTraining;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.ByteTokenizer;
import dev.lag.trainer.data.SyntheticCorpus;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.Gpt;
import dev.lag.trainer.optim.AdamW;
import dev.lag.trainer.train.StepListener;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Times K candidates of one shape trained for some steps one after another (as lag trains them
 * without batching) and as one batch ({@link BatchedTraining}), on the same batches, and samples
 * the process's resident memory while each runs.
 */
public final class CandidateBatchTimer {
  private CandidateBatchTimer() {}

  /**
   * One measurement.
   *
   * @param seconds wall time of the K candidates' steps
   * @param peakRssMiB the largest resident set size sampled while they ran (MiB; 0 where unknown)
   */
  public record Timing(double seconds, double peakRssMiB) {}

  /** K freshly initialised candidates of {@code model} (different seeds), ready to train. */
  public static List<Snapshot> candidates(GptConfig model, int batch, int steps, int k) {
    return candidates(model, batch, steps, k, "cpu");
  }

  /**
   * K freshly initialised candidates of {@code model} (different seeds) that train on {@code
   * device} (a lag device name: cpu, gpu, gpu:N).
   */
  public static List<Snapshot> candidates(
      GptConfig model, int batch, int steps, int k, String device) {
    RunConfig run =
        new RunConfig(model, RunConfig.DEFAULT.train(), RunConfig.DEFAULT.data())
            .with(
                Map.of(
                    "batch",
                    "" + batch,
                    "steps",
                    "" + steps,
                    "evalInterval",
                    "0",
                    "batchCandidates",
                    "true",
                    "device",
                    device));
    List<Snapshot> out = new ArrayList<>();
    try (NDManager root = Engines.newManager(Engines.device("cpu"))) {
      for (int m = 0; m < k; m++) {
        Gpt gpt = Gpt.initialize(model, root, 1000 + m);
        AdamW adam = new AdamW(gpt.parameters(), run.train(), gpt.manager());
        try (TrainingState state = new TrainingState(gpt, adam, 0, 0, 0, 0, 0)) {
          out.add(state.toSnapshot(run));
        }
      }
    }
    return out;
  }

  /** The batches every candidate trains on. */
  public static TrainingInputs inputs(GptConfig model, int batch) {
    int[] tokens = new ByteTokenizer().encode(SyntheticCorpus.generate(400_000));
    return new TrainingInputs(
        new BatchSampler(tokens, model.seqLen(), batch, 1337), List.of(), null);
  }

  /** The candidates trained to {@code steps} one after another, on their device. */
  public static Timing sequential(List<Snapshot> starts, TrainingInputs inputs, int steps) {
    double[] peak = {0};
    long started = System.nanoTime();
    for (Snapshot s : starts) {
      try (NDManager root = Engines.newManager(Engines.device(s.config().train().device()));
          TrainingState state = TrainingState.fromSnapshot(s, root)) {
        new TrainingLoop(s.config().train(), inputs)
            .run(state, r -> peak[0] = Math.max(peak[0], rssMiB()), r -> r.step() >= steps);
      }
    }
    return new Timing((System.nanoTime() - started) / 1e9, peak[0]);
  }

  /** The candidates trained to {@code steps} as one batch, on their device. */
  public static Timing batched(List<Snapshot> starts, TrainingInputs inputs, int steps) {
    double[] peak = {0};
    StepListener sample = r -> peak[0] = Math.max(peak[0], rssMiB());
    long started = System.nanoTime();
    BatchedTraining.train(starts, inputs, steps, Collections.nCopies(starts.size(), sample));
    return new Timing((System.nanoTime() - started) / 1e9, peak[0]);
  }

  /** The process's resident set size in MiB (Linux), or 0. */
  static double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
