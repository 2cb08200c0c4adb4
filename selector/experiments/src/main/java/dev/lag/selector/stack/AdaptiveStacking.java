package dev.lag.selector.stack;

import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Candidate;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.run.CandidateRunner;
import dev.lag.selector.run.CandidateTask;
import dev.lag.selector.run.RunnerTrainer;
import dev.lag.selector.run.TaskExecution;
import dev.lag.selector.run.TaskResult;
import dev.lag.trainer.config.RunConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adaptive gradual stacking (Karp et al., 2024): train the first depth, then at every stage
 * boundary let {@link LagSelector} pick how to grow, continue the winner to the end of the stage,
 * and repeat. The winner's lag steps count toward its stage; the losers' are selection overhead,
 * reported separately. On the same budget, for comparison: the last depth trained from scratch,
 * fixed-operator stacking with each candidate of the pool, and random path training (RaPTr) of the
 * last depth whose path lengths follow the depth schedule.
 */
public final class AdaptiveStacking {
  private final StackConfig config;
  private final CandidateRunner runner;
  private final MetricsWriter metrics;
  private final PrintWriter progress;

  /**
   * @param config the schedule, pool and policy
   * @param runner where every training window runs (this process, or a cluster)
   * @param metrics where every step of every run goes (with {@code candidate} and {@code stage})
   * @param progress where progress lines go
   */
  public AdaptiveStacking(
      StackConfig config, CandidateRunner runner, MetricsWriter metrics, PrintWriter progress) {
    this.config = config;
    this.runner = runner;
    this.metrics = metrics;
    this.progress = progress;
  }

  /** Runs the adaptive schedule, then the baselines. */
  public StackResult run() {
    int[] steps = config.stageSteps();
    Pool pool = Pool.ofSpecs(config.pool());
    progress.printf("stage 1: training %d layers from scratch%n", config.depths().get(0));
    TaskResult firstRun = fresh(List.of(stageConfig(0, steps)), List.of("lag"), 1).get(0);
    List<Point> firstStage = firstRun.pointList();
    byte[] first = firstRun.paused();

    // Adaptive: at every boundary LAG picks the operator, and the winner continues.
    List<StackResult.Stage> stages = new ArrayList<>();
    List<Point> lagPath = new ArrayList<>(firstStage);
    double overhead = 0;
    byte[] current = first;
    for (int i = 1; i < steps.length; i++) {
      RunConfig stage = stageConfig(i, steps);
      RunnerTrainer trainer = new RunnerTrainer(runner, current, stage);
      progress.printf(
          "stage %d: growing %d -> %d layers, selecting among %d candidates%n",
          i + 1, config.depths().get(i - 1), config.depths().get(i), pool.size());
      Selection selection =
          LagSelector.builder()
              .setTrainer(new RecordingTrainer(trainer, metrics, i + 1, progress))
              .optPolicy(Policies.parse(config.policy()))
              .optScorer(Scorers.byName(config.scorer(), Metric.parse(config.metric())))
              .optFinalStep(steps[i])
              .build()
              .choose(pool);
      Trajectory winnerLag = selection.trajectories().get(selection.winner());
      Consumer<Point> onLagPath = shifted(offset(steps, i), lagPath::add);
      winnerLag.points().forEach(onLagPath);
      double stageOverhead = selection.compute().flops() - flopsOf(winnerLag);
      overhead += stageOverhead;
      progress.printf(
          "stage %d: %s wins at lag %d%s; continuing it to %d steps%n",
          i + 1,
          selection.winner(),
          selection.lag(),
          selection.tiedWithWinner().isEmpty()
              ? ""
              : " (tied with " + String.join(", ", selection.tiedWithWinner()) + ")",
          steps[i]);
      trainer.train(
          pool.get(selection.winner()),
          winnerLag.lastStep(),
          steps[i],
          recorder("lag", i + 1, onLagPath));
      current = trainer.pausedBytes(selection.winner());
      stages.add(
          new StackResult.Stage(i + 1, config.depths().get(i), steps[i], selection, stageOverhead));
    }
    List<StackResult.Contender> contenders = new ArrayList<>();
    Trajectory lag = new Trajectory("lag", lagPath);
    if (!config.baselines()) {
      contenders.add(contender(lag, overhead, Double.NaN));
      return new StackResult(stages, contenders, Double.NaN);
    }

    // Baselines on the same budget: the last depth from scratch, and every operator on its own.
    // They are independent, so each stage's windows go to the runner together.
    int total = java.util.Arrays.stream(steps).sum();
    RunConfig scratch =
        config
            .run()
            .with(
                Map.of("layers", "" + config.depths().get(steps.length - 1), "steps", "" + total));
    progress.printf(
        "baselines: %d layers from scratch for %d steps, and %d fixed-operator schedules%n",
        config.depths().get(steps.length - 1), total, pool.size());
    List<RunConfig> fromStart = new ArrayList<>(List.of(scratch));
    List<String> names = new ArrayList<>(List.of("scratch"));
    if (config.raptr()) {
      fromStart.add(scratch.with("raptr", raptrSchedule(steps)));
      names.add("raptr");
    }
    List<TaskResult> started = fresh(fromStart, names, 0);
    Trajectory scratchTrajectory = new Trajectory("scratch", started.get(0).pointList());
    double scratchFinal = scratchTrajectory.valueAt(Metric.EVAL_LOSS, total);
    contenders.add(contender(lag, overhead, scratchFinal));
    // The reference itself: its loss is reached when its budget is spent, by definition (an
    // earlier, noisier evaluation that dipped below it would credit the baseline with a saving).
    StackResult.Contender reference = contender(scratchTrajectory, 0, scratchFinal);
    contenders.add(
        new StackResult.Contender(
            reference.name(),
            reference.trajectory(),
            reference.finalEvalLoss(),
            reference.flops(),
            0,
            reference.flops()));
    if (config.raptr()) {
      contenders.add(
          contender(new Trajectory("raptr", started.get(1).pointList()), 0, scratchFinal));
    }
    Map<String, List<Point>> paths = new java.util.LinkedHashMap<>();
    Map<String, byte[]> states = new java.util.LinkedHashMap<>();
    for (Candidate c : pool) {
      paths.put(c.name(), new ArrayList<>(firstStage));
      states.put(c.name(), first);
    }
    for (int i = 1; i < steps.length; i++) {
      RunConfig stage = stageConfig(i, steps);
      List<CandidateTask> tasks = new ArrayList<>();
      for (Candidate c : pool) {
        tasks.add(
            new CandidateTask(
                CandidateTask.Kind.GROW,
                "fixed:" + c.name(),
                TaskExecution.candidateJson(c),
                TaskExecution.runJson(stage),
                states.get(c.name()),
                steps[i]));
      }
      List<TaskResult> results = runner.runAll(tasks);
      int j = 0;
      for (Candidate c : pool) {
        TaskResult r = results.get(j++);
        Consumer<Point> sink =
            recorder(
                "fixed:" + c.name(), i + 1, shifted(offset(steps, i), paths.get(c.name())::add));
        r.pointList().forEach(sink);
        states.put(c.name(), r.paused());
      }
    }
    for (Candidate c : pool) {
      String name = "fixed:" + c.name();
      contenders.add(contender(new Trajectory(name, paths.get(c.name())), 0, scratchFinal));
    }
    return new StackResult(stages, contenders, scratchFinal);
  }

  /**
   * Steps restart at 0 in every stage (the schedule's step); a schedule's trajectory counts them
   * from the start of stage 1, so that its points stay in training order. At a boundary the grown
   * model's step-0 point replaces the previous stage's last point.
   */
  /**
   * RaPTr's schedule on the same stages: the path is as long as the stacked model is deep, at least
   * the two layers RaPTr always runs.
   */
  private String raptrSchedule(int[] steps) {
    int layers = config.depths().get(steps.length - 1);
    List<String> stages = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      int path = Math.max(Math.min(2, layers), config.depths().get(i));
      stages.add(path + ":" + steps[i]);
    }
    return String.join(",", stages);
  }

  private static long offset(int[] steps, int stage) {
    long sum = 0;
    for (int i = 0; i < stage; i++) {
      sum += steps[i];
    }
    return sum;
  }

  private static Consumer<Point> shifted(long offset, Consumer<Point> sink) {
    return p -> sink.accept(p.atStep(p.step() + offset));
  }

  private RunConfig stageConfig(int i, int[] steps) {
    return config.run().with(Map.of("layers", "" + config.depths().get(i), "steps", "" + steps[i]));
  }

  /** Trains models from scratch through the runner and records their steps. */
  private List<TaskResult> fresh(List<RunConfig> runs, List<String> names, int stage) {
    List<CandidateTask> tasks = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      tasks.add(
          new CandidateTask(
              CandidateTask.Kind.FRESH,
              names.get(i),
              "",
              TaskExecution.runJson(runs.get(i)),
              new byte[0],
              runs.get(i).train().steps()));
    }
    List<TaskResult> results = runner.runAll(tasks);
    for (int i = 0; i < results.size(); i++) {
      Consumer<Point> record = recorder(names.get(i), stage, p -> {});
      results.get(i).pointList().forEach(record);
    }
    return results;
  }

  private Consumer<Point> recorder(String name, int stage, Consumer<Point> sink) {
    return point -> {
      RecordingTrainer.write(metrics, name, stage, point);
      sink.accept(point);
    };
  }

  private static StackResult.Contender contender(
      Trajectory t, double overhead, double scratchFinal) {
    List<Point> points = t.points();
    Point last = points.get(points.size() - 1);
    double reached = Double.NaN;
    for (Point p : points) {
      if (Double.isFinite(scratchFinal)
          && Double.isFinite(p.evalLoss())
          && p.evalLoss() <= scratchFinal) {
        reached = p.flops();
        break;
      }
    }
    double finalEval = t.valueAt(Metric.EVAL_LOSS, Long.MAX_VALUE);
    return new StackResult.Contender(
        t.name(), t, lastEval(points, finalEval), last.flops(), overhead, reached);
  }

  private static double lastEval(List<Point> points, double fallback) {
    for (int i = points.size() - 1; i >= 0; i--) {
      if (Double.isFinite(points.get(i).evalLoss())) {
        return points.get(i).evalLoss();
      }
    }
    return fallback;
  }

  private static double flopsOf(Trajectory t) {
    List<Point> p = t.points();
    return p.get(p.size() - 1).flops() - p.get(0).flops();
  }
}
