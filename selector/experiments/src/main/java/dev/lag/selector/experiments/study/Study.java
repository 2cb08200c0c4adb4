package dev.lag.selector.experiments.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveJson;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.io.JsonNumbers;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.Proportion;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Candidate;
import dev.lag.selector.CandidateTrainer;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.experiments.growth.GrowthPoint;
import dev.lag.selector.runners.CandidateRunner;
import dev.lag.selector.runners.RunnerTrainer;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.primitives.Primitive;
import dev.lag.trainer.primitives.PrimitiveSuite;
import dev.lag.trainer.primitives.PrimitivesJson;
import dev.lag.trainer.train.TrainingInputs;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The paper's central analysis at one growth point: train every candidate to the end of the stage,
 * from as many data orders as the stage's {@code replicas}, then ask how well the score at each lag
 * k ranks the candidates by their seed-averaged final loss (the lag curve), with regret in units of
 * the seed noise. When asked, every candidate takes cooldown probes at every lag of the grid, so
 * that a {@code cooldown(c)} scorer can be judged on the same runs. When the run measures the
 * reasoning primitives, a second curve asks the same of the final primitive accuracy, and every
 * final model (replica 0) is evaluated on each primitive.
 */
public final class Study {
  private final GrowthPoint point;
  private final Scorer scorer;
  private final Metric metric;
  private final long[] lags;
  private final List<Integer> cooldowns;
  private PrimitiveSuite suite;
  private boolean suiteLoaded;

  /**
   * What a study found.
   *
   * @param trajectories every candidate's replicas, each the whole stage (probes included)
   * @param curve how the score at each lag ranks the candidates by final {@code metric}
   * @param primitivesCurve the same against final primitive accuracy; null when not measured
   * @param finalPrimitives each final model's accuracy per primitive (replica 0; empty when not
   *     measured)
   */
  public record Result(
      Map<String, List<Trajectory>> trajectories,
      LagCurveResult curve,
      LagCurveResult primitivesCurve,
      Map<String, Map<Primitive, Proportion>> finalPrimitives) {}

  /**
   * @param point the growth point (its stage's {@code replicas} is how many data orders)
   * @param scorer how a trajectory becomes a score at a lag
   * @param metric what the final ranking is by
   * @param lags the lags of the curve
   * @param cooldowns lengths of the cooldown probes taken at every lag of the grid (none: empty);
   *     the scorer's own probe length is added
   */
  public Study(
      GrowthPoint point, Scorer scorer, Metric metric, long[] lags, List<Integer> cooldowns) {
    this.point = point;
    this.scorer = scorer;
    this.metric = metric;
    this.lags = lags.clone();
    TreeSet<Integer> probes = new TreeSet<>(cooldowns);
    if (scorer.cooldownSteps() > 0) {
      probes.add(scorer.cooldownSteps());
    }
    this.cooldowns = List.copyOf(probes);
  }

  /** Trains every candidate's replicas to the end of the stage through {@code runner}. */
  public Result run(CandidateRunner runner, MetricsWriter metrics, PrintWriter progress) {
    long end = point.stage().train().steps();
    int replicas = point.stage().train().replicas();
    RunnerTrainer trainer = new RunnerTrainer(runner, point.source(), point.grown());
    CandidateTrainer recorded = new RecordingTrainer(trainer, metrics, 1, progress);
    // Windows end at every lag of the grid when probes are taken there, else only at the end.
    TreeSet<Long> stops = new TreeSet<>();
    if (!cooldowns.isEmpty()) {
      for (long k : lags) {
        if (k > 0 && k < end) {
          stops.add(k);
        }
      }
    }
    stops.add(end);
    Map<String, List<List<Point>>> logs = new LinkedHashMap<>();
    for (Candidate c : point.pool()) {
      List<List<Point>> perReplica = new ArrayList<>();
      for (int r = 0; r < replicas; r++) {
        perReplica.add(new ArrayList<>());
      }
      logs.put(c.name(), perReplica);
    }
    long from = 0;
    for (long until : stops) {
      List<CandidateTrainer.Window> windows = new ArrayList<>();
      for (Candidate c : point.pool()) {
        for (int r = 0; r < replicas; r++) {
          if (!diverged(logs.get(c.name()).get(r))) {
            windows.add(
                new CandidateTrainer.Window(
                    c, r, from, until, until < end ? cooldowns : List.of()));
          }
        }
      }
      recorded.trainAll(windows, (w, p) -> logs.get(w.candidate().name()).get(w.replica()).add(p));
      from = until;
    }
    Map<String, List<Trajectory>> trajectories = new LinkedHashMap<>();
    logs.forEach(
        (name, perReplica) -> {
          List<Trajectory> list = new ArrayList<>();
          perReplica.forEach(points -> list.add(new Trajectory(name, points)));
          trajectories.put(name, list);
        });
    long seed = point.stage().train().seed();
    LagCurveResult curve =
        new LagCurve(scorer, metric, 1, RankAgreement.standard(seed))
            .computeReplicated(trajectories, end, lags);
    PrimitiveSuite primitives = primitives();
    if (primitives == null) {
      return new Result(trajectories, curve, null, Map.of());
    }
    LagCurveResult reasoning =
        new LagCurve(scorer, Metric.PRIMITIVES, 1, RankAgreement.standard(seed))
            .computeReplicated(trajectories, end, lags);
    Map<String, Map<Primitive, Proportion>> finals = new LinkedHashMap<>();
    for (Candidate c : point.pool()) {
      if (!curve.diverged().contains(c.name())) {
        finals.put(c.name(), primitives.evaluate(trainer.paused(c.name())));
      }
    }
    return new Result(trajectories, curve, reasoning, finals);
  }

  private static boolean diverged(List<Point> points) {
    return !points.isEmpty() && new Trajectory("?", points).diverged();
  }

  /**
   * {@code study.json}: the lag curve in the {@code lag analyze} schema, plus what it came from:
   * the pool, the config, the depths, the probes, and each candidate's final value per replica.
   */
  public ObjectNode toJson(Result r, ObjectMapper json) {
    ObjectNode study = LagCurveJson.toJson(r.curve(), json);
    if (r.primitivesCurve() != null) {
      study.set("primitivesCurve", LagCurveJson.toJson(r.primitivesCurve(), json));
      ObjectNode finals = study.putObject("finalPrimitives");
      int seqLen = point.target().seqLen();
      r.finalPrimitives()
          .forEach(
              (name, accuracy) -> {
                ObjectNode c = PrimitivesJson.toJson(accuracy, primitives(), seqLen, json);
                c.put("evalLoss", finalEvalLoss(r, name));
                finals.set(name, c);
              });
    }
    ObjectNode perReplica = study.putObject("finalsByReplica");
    long end = r.curve().finalStep();
    r.trajectories()
        .forEach(
            (name, replicas) -> {
              ArrayNode values = perReplica.putArray(name);
              replicas.forEach(t -> JsonNumbers.add(values, t.valueAt(metric, end)));
            });
    study.set("cooldowns", json.valueToTree(cooldowns));
    study.set("pool", json.valueToTree(point.pool().candidates()));
    study.set("config", point.stage().toJson(json));
    study.put("sourceLayers", point.source().config().model().layers());
    study.put("targetLayers", point.target().layers());
    return study;
  }

  /** A candidate's final held-out loss (replica 0). */
  public static double finalEvalLoss(Result r, String candidate) {
    return r.trajectories().get(candidate).get(0).valueAt(Metric.EVAL_LOSS, Long.MAX_VALUE);
  }

  /** The primitive prompts of the grown run, or null when it does not measure them. */
  private PrimitiveSuite primitives() {
    if (!suiteLoaded) {
      var stage = point.stage();
      TextData data = TextData.load(stage.data(), point.target().seqLen(), stage.train().seed());
      suite = TrainingInputs.of(data, point.grown()).primitives();
      suiteLoaded = true;
    }
    return suite;
  }
}
