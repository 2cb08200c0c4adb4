package dev.lag.selector.run;

import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.selector.CandidateTrainer;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import dev.lag.trainer.config.RunConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Trains lag's own candidates through a {@link CandidateRunner}: each window is a self-contained
 * task (source or paused state as bytes, candidate, run config), so the windows of one policy
 * decision run at once on as many slots or machines as the runner has. Paused candidates are kept
 * as snapshot bytes between windows.
 */
public final class RunnerTrainer implements CandidateTrainer {
  private final CandidateRunner runner;
  private final byte[] source;
  private final RunConfig stage;
  private final Map<String, byte[]> paused = new HashMap<>();

  /**
   * @param runner where windows run
   * @param source the trained model to grow, as {@link SnapshotBytes}
   * @param stage the post-growth run: the grown shape, the stage's schedule, data and seed
   */
  public RunnerTrainer(CandidateRunner runner, byte[] source, RunConfig stage) {
    this.runner = runner;
    this.source = source;
    this.stage = stage;
  }

  @Override
  public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
    trainAll(List.of(new Request(candidate, from, until)), (name, p) -> report.accept(p));
  }

  @Override
  public void trainAll(List<Request> requests, BiConsumer<String, Point> report) {
    String run = TaskExecution.runJson(stage);
    List<CandidateTask> tasks = new ArrayList<>();
    for (Request r : requests) {
      String name = r.candidate().name();
      byte[] start = r.from() == 0 ? source : paused.get(name);
      if (start == null) {
        throw new IllegalStateException(name + " was not paused at step " + r.from());
      }
      tasks.add(
          new CandidateTask(
              r.from() == 0 ? CandidateTask.Kind.GROW : CandidateTask.Kind.CONTINUE,
              name,
              TaskExecution.candidateJson(r.candidate()),
              run,
              start,
              r.until()));
    }
    List<TaskResult> results = runner.runAll(tasks);
    for (int i = 0; i < results.size(); i++) {
      String name = requests.get(i).candidate().name();
      TaskResult result = results.get(i);
      result.pointList().forEach(p -> report.accept(name, p));
      if (result.diverged()) {
        paused.remove(name);
      } else {
        paused.put(name, result.paused());
      }
    }
  }

  /** The paused state of a candidate after its last window, as bytes. */
  public byte[] pausedBytes(String candidate) {
    byte[] b = paused.get(candidate);
    if (b == null) {
      throw new IllegalStateException(candidate + " is not paused");
    }
    return b;
  }

  /** The paused state of a candidate after its last window. */
  public Snapshot paused(String candidate) {
    return SnapshotBytes.decode(pausedBytes(candidate));
  }
}
