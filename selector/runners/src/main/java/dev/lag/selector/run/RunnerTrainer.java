package dev.lag.selector.run;

import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.selector.CandidateTrainer;
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
public final class RunnerTrainer implements CandidateTrainer {
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
  public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
    trainAll(List.of(new Request(candidate, from, until)), (name, p) -> report.accept(p));
  }

  @Override
  public void trainAll(List<Request> requests, BiConsumer<String, Point> report) {
    List<CandidateTask> tasks = new ArrayList<>();
    for (Request r : requests) {
      if (r.from() == 0) {
        tasks.add(CandidateTask.grow(r.candidate(), stage, source, r.until()));
      } else {
        Snapshot start = paused.get(r.candidate().name());
        if (start == null) {
          throw new IllegalStateException(
              r.candidate().name() + " was not paused at step " + r.from());
        }
        tasks.add(CandidateTask.resume(r.candidate(), stage, start, r.until()));
      }
    }
    List<TaskResult> results = runner.runAll(tasks);
    for (int i = 0; i < results.size(); i++) {
      String name = requests.get(i).candidate().name();
      TaskResult result = results.get(i);
      result.points().forEach(p -> report.accept(name, p));
      if (result.diverged()) {
        paused.remove(name);
      } else {
        paused.put(name, result.paused());
      }
    }
  }

  /** The paused state of a candidate after its last window. */
  public Snapshot paused(String candidate) {
    Snapshot s = paused.get(candidate);
    if (s == null) {
      throw new IllegalStateException(candidate + " is not paused");
    }
    return s;
  }
}
