package dev.lag.selector.experiments.stack;

import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Candidate;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Prior;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.SelectionPolicy;
import dev.lag.selector.runners.CandidateRunner;
import dev.lag.selector.runners.CandidateTask;
import dev.lag.selector.runners.RunnerTrainer;
import dev.lag.selector.runners.TaskResult;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  private final int[] steps;
  private final Pool pool;
  private final Prior prior;
  // Per regime (stage length and schedule family): a hedged policy's calibration fits the bank
  // lazily, lag by lag, and stages of one regime share it.
  private final Map<BankCalibration.Regime, SelectionPolicy> policies = new HashMap<>();
  private final Map<BankCalibration.Regime, BankCalibration> calibrations = new HashMap<>();

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
    this.steps = config.stageSteps();
    this.pool = Pool.ofSpecs(config.pool());
    this.prior = config.prior();
  }

  /** The adaptive schedule, then (unless the config turns them off) the baselines. */
  public StackResult run() {
    progress.printf("stage 1: training %d layers from scratch%n", config.depths().get(0));
    TaskResult first = fresh(List.of(stageConfig(0)), List.of("lag"), 1).get(0);
    Adaptive adaptive = adaptive(first);
    if (!config.baselines()) {
      Contender lag = new Contender(adaptive.path(), ContenderKind.LAG, adaptive.overhead());
      return new StackResult(
          adaptive.stages(), List.of(lag.of(Double.NaN, Double.NaN)), Double.NaN);
    }
    return withBaselines(first, adaptive);
  }

  /** What the adaptive schedule did: a selection per boundary, its path, its overhead. */
  private record Adaptive(List<StackResult.Stage> stages, Trajectory path, double overhead) {}

  /** At every boundary LAG picks the operator, and the winner continues to the stage's end. */
  private Adaptive adaptive(TaskResult first) {
    List<StackResult.Stage> stages = new ArrayList<>();
    List<Point> path = new ArrayList<>(first.points());
    double overhead = 0;
    Snapshot current = first.paused();
    for (int i = 1; i < steps.length; i++) {
      RunConfig stage = stageConfig(i);
      BankCalibration.Regime regime = BankCalibration.Regime.of(stage.train().learningRates());
      RunnerTrainer trainer = new RunnerTrainer(runner, current, stage);
      progress.printf(
          "stage %d: growing %d -> %d layers, selecting among %d candidates%n",
          i + 1, config.depths().get(i - 1), config.depths().get(i), pool.size());
      Selection selection =
          LagSelector.builder()
              .setTrainer(new RecordingTrainer(trainer, metrics, i + 1, progress))
              .optPolicy(policies.computeIfAbsent(regime, r -> config.selectionPolicy(stage)))
              .optCalibration(
                  calibrations.computeIfAbsent(
                      regime, r -> config.evidence().calibration(stage.train().learningRates())))
              .optScorer(config.scorer(i))
              .optPrior(prior)
              .optReplicas(config.run().train().replicas())
              .optFinalStep(steps[i])
              .build()
              .choose(pool);
      // A policy that trains nothing (the prior's choice) leaves the winner to grow from step 0.
      Trajectory winnerLag = selection.trajectories().get(selection.winner());
      long reached = winnerLag == null ? 0 : winnerLag.lastStep();
      Consumer<Point> onPath = shifted(offset(i), path::add);
      if (winnerLag != null) {
        winnerLag.points().forEach(onPath);
      }
      double stageOverhead = selection.trade().overheadFlops();
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
          pool.get(selection.winner()), reached, steps[i], recorder("lag", i + 1, onPath));
      current = trainer.paused(selection.winner());
      stages.add(
          new StackResult.Stage(i + 1, config.depths().get(i), steps[i], selection, stageOverhead));
    }
    return new Adaptive(stages, new Trajectory("lag", path), overhead);
  }

  /**
   * The baselines on the same budget, and every contender measured against the from-scratch one:
   * the last depth from scratch (and RaPTr of it), and every operator of the pool on its own.
   */
  private StackResult withBaselines(TaskResult first, Adaptive adaptive) {
    int total = java.util.Arrays.stream(steps).sum();
    int last = config.depths().get(steps.length - 1);
    RunConfig scratch = config.run().with(Map.of("layers", "" + last, "steps", "" + total));
    progress.printf(
        "baselines: %d layers from scratch for %d steps, and %d fixed-operator schedules%n",
        last, total, pool.size());
    List<RunConfig> fromStart = new ArrayList<>(List.of(scratch));
    List<String> names = new ArrayList<>(List.of("scratch"));
    if (config.raptr()) {
      fromStart.add(scratch.with("raptr", raptrSchedule()));
      names.add("raptr");
    }
    List<TaskResult> started = fresh(fromStart, names, 0);
    Trajectory scratchPath = new Trajectory("scratch", started.get(0).points());
    double scratchFinal = scratchPath.valueAt(Metric.EVAL_LOSS, total);
    double scratchFlops = lastFlops(scratchPath);

    List<StackResult.Contender> contenders = new ArrayList<>();
    contenders.add(
        new Contender(adaptive.path(), ContenderKind.LAG, adaptive.overhead())
            .of(scratchFinal, scratchFlops));
    // The reference reaches its own loss when its budget is spent, by definition (an earlier,
    // noisier evaluation that dipped below it would credit the baseline with a saving).
    contenders.add(new Contender(scratchPath, ContenderKind.SCRATCH, 0).reference());
    if (config.raptr()) {
      contenders.add(
          new Contender(new Trajectory("raptr", started.get(1).points()), ContenderKind.RAPTR, 0)
              .of(scratchFinal, scratchFlops));
    }
    for (Trajectory fixed : fixedOperatorSchedules(first)) {
      contenders.add(new Contender(fixed, ContenderKind.FIXED, 0).of(scratchFinal, scratchFlops));
    }
    return new StackResult(adaptive.stages(), contenders, scratchFinal);
  }

  /**
   * Gradual stacking with each operator of the pool at every boundary. The schedules of one
   * boundary are independent, so their windows go to the runner together.
   */
  private List<Trajectory> fixedOperatorSchedules(TaskResult first) {
    Map<String, List<Point>> paths = new LinkedHashMap<>();
    Map<String, Snapshot> states = new LinkedHashMap<>();
    for (Candidate c : pool) {
      paths.put(c.name(), new ArrayList<>(first.points()));
      states.put(c.name(), first.paused());
    }
    for (int i = 1; i < steps.length; i++) {
      RunConfig stage = stageConfig(i);
      List<CandidateTask> tasks = new ArrayList<>();
      for (Candidate c : pool) {
        // Named after the schedule, so its progress lines and kept windows say what they are.
        tasks.add(
            new CandidateTask(
                CandidateTask.Kind.GROW,
                "fixed:" + c.name(),
                c,
                stage,
                states.get(c.name()),
                steps[i],
                List.of()));
      }
      List<TaskResult> results = runner.runAll(tasks);
      int j = 0;
      for (Candidate c : pool) {
        TaskResult r = results.get(j++);
        Consumer<Point> sink =
            recorder("fixed:" + c.name(), i + 1, shifted(offset(i), paths.get(c.name())::add));
        r.points().forEach(sink);
        states.put(c.name(), r.paused());
      }
    }
    List<Trajectory> out = new ArrayList<>();
    paths.forEach((name, points) -> out.add(new Trajectory("fixed:" + name, points)));
    return out;
  }

  /**
   * RaPTr's schedule on the same stages: the path is as long as the stacked model is deep, at least
   * the two layers RaPTr always runs.
   */
  private String raptrSchedule() {
    int layers = config.depths().get(steps.length - 1);
    List<String> stages = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      int path = Math.max(Math.min(2, layers), config.depths().get(i));
      stages.add(path + ":" + steps[i]);
    }
    return String.join(",", stages);
  }

  /** Steps before stage {@code stage} (0-based): where its steps start on the schedule's clock. */
  private long offset(int stage) {
    long sum = 0;
    for (int i = 0; i < stage; i++) {
      sum += steps[i];
    }
    return sum;
  }

  /**
   * Steps restart at 0 in every stage (the schedule's step); a schedule's trajectory counts them
   * from the start of stage 1, so that its points stay in training order. At a boundary the grown
   * model's step-0 point replaces the previous stage's last point.
   */
  private static Consumer<Point> shifted(long offset, Consumer<Point> sink) {
    return p -> sink.accept(p.atStep(p.step() + offset));
  }

  private RunConfig stageConfig(int i) {
    return config.stageRun(i);
  }

  /** Trains models from scratch through the runner and records their steps. */
  private List<TaskResult> fresh(List<RunConfig> runs, List<String> names, int stage) {
    List<CandidateTask> tasks = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      tasks.add(CandidateTask.fresh(names.get(i), runs.get(i), runs.get(i).train().steps()));
    }
    List<TaskResult> results = runner.runAll(tasks);
    for (int i = 0; i < results.size(); i++) {
      Consumer<Point> record = recorder(names.get(i), stage, p -> {});
      results.get(i).points().forEach(record);
    }
    return results;
  }

  private Consumer<Point> recorder(String name, int stage, Consumer<Point> sink) {
    return point -> {
      RecordingTrainer.write(metrics, name, stage, point);
      sink.accept(point);
    };
  }

  private static double lastFlops(Trajectory t) {
    List<Point> p = t.points();
    return p.get(p.size() - 1).flops();
  }

  /** A schedule's trajectory on its way to becoming a {@link StackResult.Contender}. */
  private record Contender(Trajectory trajectory, ContenderKind kind, double overhead) {
    /** Measured against the from-scratch model's final loss and FLOPs. */
    StackResult.Contender of(double scratchFinal, double scratchFlops) {
      double reached = Double.NaN;
      for (Point p : trajectory.points()) {
        if (Double.isFinite(scratchFinal)
            && Double.isFinite(p.evalLoss())
            && p.evalLoss() <= scratchFinal) {
          reached = p.flops();
          break;
        }
      }
      return result(reached, 1 - (reached + overhead) / scratchFlops);
    }

    /** The from-scratch model itself: it reaches its loss with all its FLOPs, saving nothing. */
    StackResult.Contender reference() {
      return result(lastFlops(trajectory), 0);
    }

    private StackResult.Contender result(double flopsToScratchLoss, double saving) {
      return new StackResult.Contender(
          trajectory.name(),
          kind,
          trajectory,
          lastEval(trajectory),
          lastFlops(trajectory),
          overhead,
          flopsToScratchLoss,
          saving);
    }

    private static double lastEval(Trajectory t) {
      List<Point> points = t.points();
      for (int i = points.size() - 1; i >= 0; i--) {
        if (Double.isFinite(points.get(i).evalLoss())) {
          return points.get(i).evalLoss();
        }
      }
      return t.valueAt(Metric.EVAL_LOSS, Long.MAX_VALUE);
    }
  }
}
