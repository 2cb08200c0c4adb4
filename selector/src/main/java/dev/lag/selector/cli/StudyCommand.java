package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveJson;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.LagSelector;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.run.CandidateRunner;
import dev.lag.selector.run.RunnerTrainer;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.record.MetricsWriter;
import dev.lag.trainer.record.RunFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      "pool and the config)."
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
    GrowthPointOptions.GrowthPoint growth = point.resolve();
    RunConfig stage = growth.stage();
    Metric m = scoring.metric();
    Scorer scorer = scoring.scorer();
    long end = stage.train().steps();
    // Loaded here only to fail fast on a bad corpus; every window loads it where it runs.
    TextData.load(stage.data(), growth.target().seqLen(), stage.train().seed());
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve(RunFiles.METRICS));
    PrintWriter printer = spec.commandLine().getOut();
    Selection everything;
    try (CandidateRunner runner = runnerOptions.open(out, stage.train().device());
        MetricsWriter metrics =
            new MetricsWriter(out.resolve(RunFiles.METRICS), new ObjectMapper())) {
      // A study is a selection whose lag is the whole stage: every candidate trains to the end.
      everything =
          LagSelector.builder()
              .setTrainer(
                  new RecordingTrainer(
                      new RunnerTrainer(
                          runner,
                          SnapshotBytes.encode(growth.source()),
                          new RunConfig(growth.target(), stage.train(), stage.data())),
                      metrics,
                      1,
                      printer))
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
    study.set("pool", json.valueToTree(growth.pool().candidates()));
    study.set("config", stage.toJson(json));
    study.put("sourceLayers", growth.source().config().model().layers());
    study.put("targetLayers", growth.target().layers());
    AtomicFiles.writeString(out.resolve("study.json"), json.writeValueAsString(study));
    point.writeRunRecord(out, "study", growth, json);
    printer.println("records: " + out.resolve("study.json") + ", " + out.resolve(RunFiles.METRICS));
    return 0;
  }
}
