package dev.lag.selector.runners;

import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.WindowTrainer;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Trains lag's own candidates through a {@link CandidateRunner}: each window is a self-contained
 * task (source or paused state, candidate, run config), so the windows of one policy decision run
 * at once on as many slots or machines as the runner has. Paused candidates are kept in host memory
 * between windows.
 */
public final class RunnerTrainer implements WindowTrainer {
  private final CandidateRunner runner;
  private final Snapshot source;
  private final RunConfig stage;
  private final Map<String, Snapshot> paused = new HashMap<>();

  /**
   * @param runner where windows run
   * @param source the trained model to grow
   * @param stage the post-growth run: the grown shape, the stage's schedule, data and seed
   */
  public RunnerTrainer(CandidateRunner runner, Snapshot source, RunConfig stage) {
    this.runner = runner;
    this.source = source;
    this.stage = stage;
  }

  @Override
  public void train(Window window, Consumer<Point> report) {
    trainAll(List.of(window), (w, p) -> report.accept(p));
  }

  @Override
  public void trainAll(List<Window> windows, BiConsumer<Window, Point> report) {
    List<CandidateTask> tasks = new ArrayList<>();
    for (Window w : windows) {
      RunConfig replica = w.replica() == 0 ? stage : stage.withReplica(w.replica());
      if (w.from() == 0) {
        tasks.add(
            CandidateTask.grow(w.candidate(), replica, source, w.until())
                .withCooldowns(w.cooldowns()));
      } else {
        Snapshot start = paused.get(key(w));
        if (start == null) {
          throw new IllegalStateException(
              w.candidate().name() + " replica " + w.replica() + " was not paused at " + w.from());
        }
        tasks.add(
            CandidateTask.resume(w.candidate(), replica, start, w.until())
                .withCooldowns(w.cooldowns()));
      }
    }
    List<TaskResult> results = runner.runAll(tasks);
    for (int i = 0; i < results.size(); i++) {
      Window w = windows.get(i);
      TaskResult result = results.get(i);
      result.points().forEach(p -> report.accept(w, p));
      if (result.diverged()) {
        paused.remove(key(w));
      } else {
        paused.put(key(w), result.paused());
      }
    }
  }

  private static String key(Window w) {
    return w.candidate().name() + "/" + w.replica();
  }

  /** The paused state of a replica of a candidate after its last window. */
  public Snapshot paused(String candidate, int replica) {
    Snapshot s = paused.get(candidate + "/" + replica);
    if (s == null) {
      throw new IllegalStateException(candidate + " replica " + replica + " is not paused");
    }
    return s;
  }

  /** The paused state of a candidate (replica 0) after its last window. */
  public Snapshot paused(String candidate) {
    return paused(candidate, 0);
  }
}
