package dev.lag.selector.runners;

import java.util.List;

/**
 * Runs tasks in this process on one device (the CPU, or one GPU): the candidates that share a
 * shape, a schedule and a stop step train as one batched model ({@code batchCandidates=true}; off
 * by default), the others one at a time (PyTorch already uses every core for one model), and twins
 * (windows that are one computation: stack-top and stack-bottom at a doubling) train once.
 *
 * <p>One device per process: DJL's PyTorch engine lets one gradient collector record at a time in a
 * process, so two models cannot train at once in one JVM. Several devices are several workers
 * ({@code lag worker --device gpu:N}, {@link HazelcastRunner}).
 */
public final class LocalRunner implements CandidateRunner {
  private final String device;
  private final StepProgress progress;

  /** A runner on {@code device} ({@code cpu}, {@code gpu:0}, ...). */
  public LocalRunner(String device) {
    this(device, StepProgress.NONE);
  }

  /** A runner on {@code device} that shows every trained step to {@code progress}. */
  public LocalRunner(String device, StepProgress progress) {
    this.device = device;
    this.progress = progress;
  }

  @Override
  public List<TaskResult> runAll(List<CandidateTask> tasks, Finished finished) {
    return TaskExecution.runAll(tasks, device, progress::step, finished);
  }

  @Override
  public String describe() {
    return "local [" + device + "]";
  }

  @Override
  public void close() {}
}
