package dev.lag.selector.study;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveJson;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.Proportion;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.LagSelector;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.growth.GrowthPoint;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.run.CandidateRunner;
import dev.lag.selector.run.RunnerTrainer;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.primitives.Primitive;
import dev.lag.trainer.primitives.PrimitiveSuite;
import dev.lag.trainer.primitives.PrimitivesJson;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's central analysis at one growth point: train every candidate to the end of the stage,
 * then ask how well the score at each lag k ranks the candidates by their final loss (the lag
 * curve). When the run measures the reasoning primitives, a second curve asks the same of the final
 * primitive accuracy, and every final model is evaluated on each primitive.
 */
public final class Study {
  private final GrowthPoint point;
  private final Scorer scorer;
  private final Metric metric;
  private final long[] lags;
  private PrimitiveSuite suite;
  private boolean suiteLoaded;

  /**
   * What a study found.
   *
   * @param trained every candidate trained to the end, as a selection whose lag is the stage
   * @param curve how the score at each lag ranks the candidates by final {@code metric}
   * @param primitivesCurve the same against final primitive accuracy; null when not measured
   * @param finalPrimitives each final model's accuracy per primitive (empty when not measured)
   */
  public record Result(
      Selection trained,
      LagCurveResult curve,
      LagCurveResult primitivesCurve,
      Map<String, Map<Primitive, Proportion>> finalPrimitives) {}

  /**
   * @param point the growth point
   * @param scorer how a trajectory becomes a score at a lag
   * @param metric what the final ranking is by
   * @param lags the lags of the curve
   */
  public Study(GrowthPoint point, Scorer scorer, Metric metric, long[] lags) {
    this.point = point;
    this.scorer = scorer;
    this.metric = metric;
    this.lags = lags.clone();
  }

  /** Trains every candidate to the end of the stage through {@code runner}, then the curves. */
  public Result run(CandidateRunner runner, MetricsWriter metrics, PrintWriter progress) {
    long end = point.stage().train().steps();
    RunnerTrainer trainer = new RunnerTrainer(runner, point.source(), point.grown());
    // A study is a selection whose lag is the whole stage: every candidate trains to the end.
    Selection trained =
        LagSelector.builder()
            .setTrainer(new RecordingTrainer(trainer, metrics, 1, progress))
            .optPolicy(new FixedLag(end))
            .optScorer(scorer)
            .optFinalStep(end)
            .build()
            .choose(point.pool());
    List<Trajectory> trajectories = new ArrayList<>(trained.trajectories().values());
    long seed = point.stage().train().seed();
    LagCurveResult curve =
        new LagCurve(scorer, metric, 1, RankAgreement.standard(seed))
            .compute(trajectories, end, lags);
    PrimitiveSuite suite = primitives();
    if (suite == null) {
      return new Result(trained, curve, null, Map.of());
    }
    LagCurveResult reasoning =
        new LagCurve(scorer, Metric.PRIMITIVES, 1, RankAgreement.standard(seed))
            .compute(trajectories, end, lags);
    Map<String, Map<Primitive, Proportion>> finals = new LinkedHashMap<>();
    for (Selection.Ranked r : trained.ranking()) {
      if (r.status() != Selection.Status.DIVERGED) {
        finals.put(r.name(), evaluate(trainer.paused(r.name()), suite));
      }
    }
    return new Result(trained, curve, reasoning, finals);
  }

  /**
   * {@code study.json}: the lag curve in the {@code lag analyze} schema, plus what it came from.
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
    study.set("pool", json.valueToTree(point.pool().candidates()));
    study.set("config", point.stage().toJson(json));
    study.put("sourceLayers", point.source().config().model().layers());
    study.put("targetLayers", point.target().layers());
    return study;
  }

  /** A candidate's final held-out loss. */
  public static double finalEvalLoss(Result r, String candidate) {
    return r.trained().trajectories().get(candidate).valueAt(Metric.EVAL_LOSS, Long.MAX_VALUE);
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

  private static Map<Primitive, Proportion> evaluate(Snapshot last, PrimitiveSuite suite) {
    try (NDManager root = Engines.newManager(Engines.device(last.config().train().device()));
        TrainingState state = TrainingState.fromSnapshot(last, root)) {
      return suite.evaluate(state.model());
    }
  }
}
