package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.io.RunFiles;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.selector.CandidateTrainer;
import dev.lag.selector.LagSelector;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionJson;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.policy.SelectionPolicy;
import dev.lag.selector.run.CandidateRunner;
import dev.lag.selector.run.RunnerTrainer;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag select}: grow a checkpoint with every candidate, train each for the lag, pick. */
@Command(
    name = "select",
    mixinStandardHelpOptions = true,
    description = {
      "Grow a checkpoint with every candidate of a pool, train each for a short lag, and pick.",
      "Writes RUN_DIR/run.json, RUN_DIR/metrics.jsonl (every step of every candidate) and",
      "RUN_DIR/selection.json (the winner, the ranking with uncertainty, ties and compute)."
    })
final class SelectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin GrowthPointOptions point;

  @Option(
      names = "--policy",
      defaultValue = "fixed-lag(k=50)",
      description =
          "fixed-lag(k=N), successive-halving(r=N, eta=N) or stable-ranking(step=N, window=N, maxLag=N) (default ${DEFAULT-VALUE}).")
  String policy;

  @Mixin ScoringOptions scoring;

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
        resolved.withStage(scoring.measuring(resolved.stage(), false));
    RunConfig stage = growth.stage();
    SelectionPolicy p = Policies.parse(policy);
    if (p instanceof FixedLag f && f.k() > stage.train().steps()) {
      throw InvalidInputException.field(
          "policy",
          policy,
          "lag k=" + f.k() + " is longer than the stage (steps=" + stage.train().steps() + ")");
    }
    Scorer scorer = scoring.scorer();
    // Loaded here only to fail fast on a bad corpus; every window loads it where it runs.
    TextData.load(stage.data(), growth.target().seqLen(), stage.train().seed());
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve(RunFiles.METRICS));
    PrintWriter printer = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Selection selection;
    try (CandidateRunner runner = runnerOptions.open(out, stage.train().device());
        MetricsWriter metrics =
            new MetricsWriter(out.resolve(RunFiles.METRICS), new ObjectMapper())) {
      CandidateTrainer recorded =
          new RecordingTrainer(
              new RunnerTrainer(
                  runner,
                  SnapshotBytes.encode(growth.source()),
                  new RunConfig(growth.target(), stage.train(), stage.data())),
              metrics,
              1,
              printer);
      selection =
          LagSelector.builder()
              .setTrainer(recorded)
              .optPolicy(p)
              .optScorer(scorer)
              .optFinalStep(stage.train().steps())
              .build()
              .choose(growth.pool());
    }
    AtomicFiles.writeString(
        out.resolve("selection.json"),
        json.writeValueAsString(SelectionJson.toJson(selection, json)));
    point.writeRunRecord(out, "select", growth, json);
    print(selection, printer);
    printer.println(
        "records: " + out.resolve("selection.json") + ", " + out.resolve(RunFiles.METRICS));
    return 0;
  }

  static void print(Selection s, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%nwinner: %s (policy %s, scored by %s at lag %d: %s)%n",
        s.winner(),
        s.policy(),
        s.scorer(),
        s.lag(),
        s.reason());
    out.printf(
        Locale.ROOT,
        "%4s  %-28s %10s %10s %7s  %s%n",
        "rank",
        "candidate",
        "score",
        "std err",
        "steps",
        "status");
    for (Selection.Ranked r : s.ranking()) {
      out.printf(
          Locale.ROOT,
          "%4d  %-28s %10.4f %10.4f %7d  %s%n",
          r.rank(),
          r.name(),
          r.score(),
          r.stdError(),
          r.stepsTrained(),
          r.status());
    }
    if (!s.tiedWithWinner().isEmpty()) {
      out.println(
          "tied with the winner (within the noise of the scores): "
              + String.join(", ", s.tiedWithWinner()));
    }
    out.printf(
        Locale.ROOT,
        "selection compute: %d steps, %.3g FLOPs, %.1f s%n",
        s.compute().steps(),
        s.compute().flops(),
        s.compute().seconds());
  }
}
