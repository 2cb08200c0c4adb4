package dev.lag.selector.runners;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs tasks in this process, one slot per device: with {@code gpu:0} and {@code gpu:1} two
 * candidates train at once, each on its own device. With one slot (the CPU, or one GPU) the
 * candidates that share a shape, a schedule and a stop step train as one batched model ({@code
 * batchCandidates=true}; off by default), the others one at a time (PyTorch already uses every core
 * for one model).
 */
public final class LocalRunner implements CandidateRunner {
  private final List<String> devices;
  private final ExecutorService pool;
  private final BlockingQueue<String> free;
  private final StepProgress progress;

  /** A runner with one slot per device ({@code cpu}, {@code gpu:0}, ...). */
  public LocalRunner(List<String> devices) {
    this(devices, StepProgress.NONE);
  }

  /** A runner with one slot per device that shows every trained step to {@code progress}. */
  public LocalRunner(List<String> devices, StepProgress progress) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("LocalRunner needs at least one device");
    }
    this.devices = List.copyOf(devices);
    this.pool = Executors.newFixedThreadPool(devices.size());
    this.free = new ArrayBlockingQueue<>(devices.size(), false, devices);
    this.progress = progress;
  }

  @Override
  public List<TaskResult> runAll(List<CandidateTask> tasks, Finished finished) {
    if (devices.size() == 1) {
      // One slot: the candidates that share a shape and a schedule train as one batch.
      return TaskExecution.runAll(tasks, null, progress::step, finished);
    }
    List<Future<TaskResult>> futures = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      CandidateTask t = tasks.get(i);
      int index = i;
      futures.add(
          pool.submit(
              () -> {
                String device = free.take();
                try {
                  TaskResult r = TaskExecution.run(t, device, p -> progress.step(t, p));
                  finished.accept(index, r);
                  return r;
                } finally {
                  free.add(device);
                }
              }));
    }
    List<TaskResult> out = new ArrayList<>();
    for (Future<TaskResult> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "local " + devices;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
