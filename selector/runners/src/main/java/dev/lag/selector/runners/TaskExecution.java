package dev.lag.selector.runners;

import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.selector.runners.djl.CandidateSteps;
import dev.lag.trainer.batch.BatchedTraining;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.train.TrainingInputs;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link CandidateTask} where it lands: in this process or on a worker. The corpus is loaded
 * once per process from the task's data reference (the embedded corpus, or a path every worker can
 * read) and kept.
 */
public final class TaskExecution {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);
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
    RunConfig run = device == null ? task.run() : task.run().withDevice(device);
    return runAlone(task, run, start(task, run), live);
  }

  /** Trains one task from its prepared start (null: fresh) and takes its probes. */
  private static TaskResult runAlone(
      CandidateTask task, RunConfig run, Snapshot start, Consumer<Point> live) {
    TrainingInputs inputs = TrainingInputs.of(corpus(run), run);
    List<Point> points = new ArrayList<>();
    Consumer<Point> report = collect(points, live);
    Snapshot end =
        start == null
            ? CandidateSteps.trainFresh(run, inputs, task.until(), report)
            : CandidateSteps.train(start, inputs, task.until(), report);
    return result(task, inputs, end, points, report);
  }

  /**
   * Runs tasks on one device (null: the device each config names). Tasks that are one computation
   * (equal {@linkplain Snapshot#trainingStart training starts}, run configs, stop steps and probes:
   * twins, as stack-top and stack-bottom are at 2 -> 4 layers) are trained once, and each twin gets
   * the result under its own config. Of the rest, those whose starts can train as one batch ({@link
   * BatchedTraining#canBatch}, with the same stop step) train together, the others one at a time.
   * {@code finished} hears of each result as soon as it is there.
   *
   * @return the results in task order
   */
  public static List<TaskResult> runAll(
      List<CandidateTask> tasks,
      String device,
      BiConsumer<CandidateTask, Point> live,
      CandidateRunner.Finished finished) {
    TwinWindows twins = windows(tasks, device);
    if (twins.twins() > 0) {
      LOG.info(
          "{} of {} windows repeat another's computation (twins) and are not trained again",
          twins.twins(),
          tasks.size());
    }
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (!twins.leads(i)) {
        continue;
      }
      Snapshot start = twins.start(i);
      String key =
          start == null || !BatchedTraining.batchable(start)
              ? "alone/" + i
              : tasks.get(i).until() + "/" + BatchedTraining.batchKey(start);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    TaskResult[] out = new TaskResult[tasks.size()];
    for (List<Integer> group : groups.values()) {
      List<Snapshot> members = group.stream().map(twins::start).toList();
      if (members.get(0) == null || !BatchedTraining.canBatch(members)) {
        for (int i : group) {
          // The start is already grown: growing again would only repeat the same work.
          TaskResult r = runAlone(tasks.get(i), twins.run(i), twins.start(i), twins.shown(i, live));
          twins.finish(i, r, out, finished);
        }
        continue;
      }
      RunConfig run = twins.run(group.get(0));
      TrainingInputs inputs = TrainingInputs.of(corpus(run), run);
      List<List<Point>> points = new ArrayList<>();
      List<Consumer<Point>> reports = new ArrayList<>();
      for (int i : group) {
        List<Point> mine = new ArrayList<>();
        points.add(mine);
        reports.add(collect(mine, twins.shown(i, live)));
      }
      List<Snapshot> ends =
          CandidateSteps.trainBatched(members, inputs, tasks.get(group.get(0)).until(), reports);
      for (int m = 0; m < group.size(); m++) {
        int i = group.get(m);
        TaskResult r = result(tasks.get(i), inputs, ends.get(m), points.get(m), reports.get(m));
        twins.finish(i, r, out, finished);
      }
    }
    return List.of(out);
  }

  /**
   * The tasks' runs on {@code device} (null: the device each config names) and their starts, built
   * here (growth is host work, cheap next to a window), with which of them are twins: what this
   * process trains from, and what a runner that sends windows elsewhere needs to send each
   * computation once.
   */
  static TwinWindows windows(List<CandidateTask> tasks, String device) {
    List<RunConfig> runs = new ArrayList<>();
    List<Snapshot> starts = new ArrayList<>();
    for (CandidateTask task : tasks) {
      RunConfig run = device == null ? task.run() : task.run().withDevice(device);
      runs.add(run);
      starts.add(start(task, run));
    }
    return new TwinWindows(tasks, runs, starts);
  }

  /** Where a task's training starts: grown, or continued, on the run's device; null: fresh. */
  private static Snapshot start(CandidateTask task, RunConfig run) {
    return switch (task.kind()) {
      case FRESH -> null;
      case GROW ->
          onDevice(CandidateSteps.grow(task.start(), run.model(), run, task.candidate()), run);
      case CONTINUE -> onDevice(task.start(), run);
    };
  }

  private static Consumer<Point> collect(List<Point> points, Consumer<Point> live) {
    return p -> {
      points.add(p);
      live.accept(p);
    };
  }

  /** The task's result: its points, its cooldown probes, its paused state. */
  private static TaskResult result(
      CandidateTask task,
      TrainingInputs inputs,
      Snapshot end,
      List<Point> points,
      Consumer<Point> report) {
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
    return s.withConfig(s.config().withDevice(run.train().device()));
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
