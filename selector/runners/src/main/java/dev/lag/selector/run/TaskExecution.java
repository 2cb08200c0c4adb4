package dev.lag.selector.run;

import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.selector.djl.CandidateSteps;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.train.TrainingInputs;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs a {@link CandidateTask} where it lands: in this process or on a worker. The corpus is loaded
 * once per process from the task's data reference (the embedded corpus, or a path every worker can
 * read) and kept.
 */
public final class TaskExecution {
  private static final Map<String, TextData> CORPORA = new ConcurrentHashMap<>();

  private TaskExecution() {}

  /**
   * Runs the task on {@code device} (null: the device its config names).
   *
   * @return its points and paused state
   */
  public static TaskResult run(CandidateTask task, String device) {
    return run(task, device, p -> {});
  }

  /**
   * Runs the task on {@code device} (null: the device its config names), showing every step to
   * {@code live} as it is trained.
   *
   * @return its points and paused state
   */
  public static TaskResult run(CandidateTask task, String device, Consumer<Point> live) {
    RunConfig run = device == null ? task.run() : task.run().with("device", device);
    TrainingInputs inputs = TrainingInputs.of(corpus(run), run);
    List<Point> points = new ArrayList<>();
    Consumer<Point> report =
        p -> {
          points.add(p);
          live.accept(p);
        };
    Snapshot end =
        switch (task.kind()) {
          case FRESH -> CandidateSteps.trainFresh(run, inputs, task.until(), report);
          case GROW -> {
            Snapshot grown = CandidateSteps.grow(task.start(), run.model(), run, task.candidate());
            yield CandidateSteps.train(onDevice(grown, run), inputs, task.until(), report);
          }
          case CONTINUE ->
              CandidateSteps.train(onDevice(task.start(), run), inputs, task.until(), report);
        };
    List<Probe> probes = new ArrayList<>();
    for (int c : end == null ? List.<Integer>of() : task.cooldowns()) {
      Probe probe = CandidateSteps.probe(end, inputs, c);
      if (probe != null) {
        probes.add(probe);
      }
    }
    if (!probes.isEmpty()) {
      report.accept(Point.ofProbes(task.until(), probes));
    }
    // No wall-clock time in a result: it must be a function of the task, so that the task that
    // continues from it has the same key in every run (resume).
    return new TaskResult(
        points, end == null ? null : end.withCounters(end.counters().withoutWallTime()), worker());
  }

  /** A continued snapshot keeps its schedule but trains on the device this slot owns. */
  private static Snapshot onDevice(Snapshot s, RunConfig run) {
    return s.withConfig(s.config().with("device", run.train().device()));
  }

  private static TextData corpus(RunConfig run) {
    String key = run.data() + "/" + run.model().seqLen() + "/" + run.train().seed();
    return CORPORA.computeIfAbsent(
        key, k -> TextData.load(run.data(), run.model().seqLen(), run.train().seed()));
  }

  private static String worker() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
