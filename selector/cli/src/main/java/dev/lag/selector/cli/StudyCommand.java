package dev.lag.selector.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveJson;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.io.RunFiles;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.Proportion;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.LagSelector;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.run.CandidateRunner;
import dev.lag.selector.run.RunnerTrainer;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.primitives.Primitive;
import dev.lag.trainer.primitives.PrimitiveSuite;
import dev.lag.trainer.primitives.PrimitivesJson;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag study}: the paper's central analysis at one growth point. */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    description = {
      "Train every candidate of a pool to the end of the stage and compute the lag curve: how well",
      "does the loss at step k (k = 0, right after growth, through the end) rank the candidates by",
      "final loss? Writes run.json, metrics.jsonl and study.json (the lag analyze schema plus the",
      "pool and the config). Studies also measure the reasoning primitives (evalPrimitives, 0 turns",
      "them off): study.json then holds each candidate's final accuracy per primitive and a second",
      "lag curve: does the score at k rank the candidates by final primitive accuracy?"
    })
final class StudyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin GrowthPointOptions point;

  @Mixin ScoringOptions scoring;

  @Option(
      names = "--grid",
      split = ",",
      paramLabel = "K",
      description = "Lags to evaluate (default: 0, the end, a geometric grid).")
  List<Long> grid;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "RUN_DIR",
      description = "Run directory to write.")
  Path out;

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Override
  public Integer call() throws Exception {
    GrowthPointOptions.GrowthPoint resolved = point.resolve();
    GrowthPointOptions.GrowthPoint growth =
        resolved.withStage(
            scoring.measuring(resolved.stage(), !point.config.mentions("evalPrimitives")));
    RunConfig stage = growth.stage();
    Metric m = scoring.metric();
    Scorer scorer = scoring.scorer();
    long end = stage.train().steps();
    // Loaded here to fail fast on a bad corpus (every window loads it where it runs), and for the
    // final primitive evaluation.
    TextData data = TextData.load(stage.data(), growth.target().seqLen(), stage.train().seed());
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve(RunFiles.METRICS));
    PrintWriter printer = spec.commandLine().getOut();
    Selection everything;
    RunConfig grown = new RunConfig(growth.target(), stage.train(), stage.data());
    RunnerTrainer trainer;
    try (CandidateRunner runner = runnerOptions.open(out, stage.train().device());
        MetricsWriter metrics =
            new MetricsWriter(out.resolve(RunFiles.METRICS), new ObjectMapper())) {
      trainer = new RunnerTrainer(runner, SnapshotBytes.encode(growth.source()), grown);
      // A study is a selection whose lag is the whole stage: every candidate trains to the end.
      everything =
          LagSelector.builder()
              .setTrainer(new RecordingTrainer(trainer, metrics, 1, printer))
              .optPolicy(new FixedLag(end))
              .optScorer(scorer)
              .optFinalStep(end)
              .build()
              .choose(growth.pool());
    }
    List<Trajectory> trajectories = new ArrayList<>(everything.trajectories().values());
    long[] lags =
        grid != null
            ? grid.stream().mapToLong(Long::longValue).toArray()
            : LagCurve.geometricGrid(end, 12);
    LagCurveResult curve =
        new LagCurve(scorer, m, 1, RankAgreement.standard(stage.train().seed()))
            .compute(trajectories, end, lags);
    AnalyzeCommand.print(curve, printer);

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode study = LagCurveJson.toJson(curve, json);
    PrimitiveSuite suite = TrainingInputs.of(data, grown).primitives();
    if (suite != null) {
      LagCurveResult reasoning =
          new LagCurve(scorer, Metric.PRIMITIVES, 1, RankAgreement.standard(stage.train().seed()))
              .compute(trajectories, end, lags);
      printer.println();
      printer.println(
          "Does the score at k rank the candidates by final reasoning-primitive accuracy?");
      AnalyzeCommand.print(reasoning, printer);
      study.set("primitivesCurve", LagCurveJson.toJson(reasoning, json));
      study.set(
          "finalPrimitives",
          finalPrimitives(everything, trainer, suite, grown.model().seqLen(), json, printer));
    }
    study.set("pool", json.valueToTree(growth.pool().candidates()));
    study.set("config", stage.toJson(json));
    study.put("sourceLayers", growth.source().config().model().layers());
    study.put("targetLayers", growth.target().layers());
    AtomicFiles.writeString(out.resolve("study.json"), json.writeValueAsString(study));
    point.writeRunRecord(out, "study", growth, json);
    printer.println("records: " + out.resolve("study.json") + ", " + out.resolve(RunFiles.METRICS));
    return 0;
  }

  /** Every candidate's final model on every primitive, beside its final loss. */
  private static ObjectNode finalPrimitives(
      Selection study,
      RunnerTrainer trainer,
      PrimitiveSuite suite,
      int seqLen,
      ObjectMapper json,
      PrintWriter printer) {
    ObjectNode out = json.createObjectNode();
    printer.println();
    printer.printf(
        Locale.ROOT,
        "%-28s %10s %10s   %s%n",
        "final model",
        "eval loss",
        "primitives",
        "per task");
    for (Selection.Ranked r : study.ranking()) {
      if (r.status().equals("diverged")) {
        continue;
      }
      Map<Primitive, Proportion> accuracy;
      Snapshot last = trainer.paused(r.name());
      try (NDManager root = Engines.newManager(Engines.device(last.config().train().device()));
          TrainingState state = TrainingState.fromSnapshot(last, root)) {
        accuracy = suite.evaluate(state.model());
      }
      ObjectNode candidate = PrimitivesJson.toJson(accuracy, suite, seqLen, json);
      double loss = study.trajectories().get(r.name()).valueAt(Metric.EVAL_LOSS, Long.MAX_VALUE);
      candidate.put("evalLoss", loss);
      out.set(r.name(), candidate);
      StringBuilder perTask = new StringBuilder();
      accuracy.forEach(
          (task, p) ->
              perTask.append(
                  String.format(Locale.ROOT, " %s %.0f%%", task.label(), 100 * p.value())));
      printer.printf(
          Locale.ROOT,
          "%-28s %10.4f %9.1f%%  %s%n",
          r.name(),
          loss,
          100 * PrimitiveSuite.mean(accuracy),
          perTask);
    }
    return out;
  }
}
