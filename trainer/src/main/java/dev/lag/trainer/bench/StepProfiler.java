package dev.lag.trainer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.lag.trainer.batch.BatchedTraining;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.StepListener;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs PyTorch's profiler over some training steps, after a warm-up, of one model (lag's training
 * loop) or of K candidates trained as one batch ({@link BatchedTraining}), and reads back where the
 * time went ({@link OpProfile}). The profiler slows each op a little, so its times add up to
 * somewhat more than an unprofiled step takes; it is for the breakdown, not for the total.
 */
public final class StepProfiler {
  private StepProfiler() {}

  /**
   * Profiles {@code steps} steps of one candidate after {@code warmup} steps, writing PyTorch's
   * trace to {@code trace}.
   */
  public static OpProfile single(GptConfig model, int batch, int warmup, int steps, Path trace)
      throws IOException {
    Snapshot start = CandidateBatchTimer.candidates(model, batch, warmup + steps, 1).get(0);
    TrainingInputs inputs = CandidateBatchTimer.inputs(model, batch);
    Window window = new Window(warmup, steps, trace);
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fromSnapshot(start, root)) {
      new TrainingLoop(start.config().train(), inputs).run(state, window);
    }
    return window.result();
  }

  /** Profiles {@code steps} steps of {@code k} candidates trained as one batch. */
  public static OpProfile batched(
      GptConfig model, int batch, int k, int warmup, int steps, Path trace) throws IOException {
    List<Snapshot> starts = CandidateBatchTimer.candidates(model, batch, warmup + steps, k);
    Window window = new Window(warmup, steps, trace);
    List<StepListener> listeners = new ArrayList<>();
    listeners.add(window);
    for (int m = 1; m < k; m++) {
      listeners.add(StepListener.NONE);
    }
    BatchedTraining.train(
        starts, CandidateBatchTimer.inputs(model, batch), warmup + steps, listeners);
    return window.result();
  }

  /** Starts the profiler after the warm-up's last step and stops it after the profiled ones. */
  private static final class Window implements StepListener {
    private final int warmup;
    private final int steps;
    private final Path trace;
    private boolean stopped;

    Window(int warmup, int steps, Path trace) {
      this.warmup = warmup;
      this.steps = steps;
      this.trace = trace;
    }

    @Override
    public void onStep(StepRecord record) {
      if (record.step() == warmup) {
        JniUtils.startProfile(false, false, false);
      } else if (record.step() == warmup + steps) {
        JniUtils.stopProfile(partial().toString());
        stopped = true;
      }
    }

    private Path partial() {
      return trace.resolveSibling(trace.getFileName() + ".partial");
    }

    OpProfile result() throws IOException {
      if (!stopped) {
        throw new IllegalStateException("the run ended before the profiled steps");
      }
      Files.move(
          partial(), trace, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return OpProfile.read(trace);
    }
  }
}
