package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.io.RunKind;
import dev.lag.selector.experiments.growth.GrowthPoint;
import dev.lag.selector.experiments.study.Study;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.primitives.PrimitiveSuite;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    header = "Every candidate to the end of the stage, then the lag curve.",
    description = {
      "Train every candidate of a pool to the end of the stage, then ask how well the loss at each lag k (k = 0 is right after growth) ranks the candidates by final loss.",
      "Writes run.json, metrics.jsonl and study.json (the lag analyze schema plus the pool and the config). Studies also measure the reasoning primitives (evalPrimitives=0 turns them off): study.json then holds each final model's accuracy per primitive and a second lag curve against it."
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
      names = "--probes",
      split = ",",
      paramLabel = "C",
      description =
          "Take cooldown probes of these lengths (steps) at every lag of the grid, so that"
              + " cooldown(c) scorers can be judged on the same runs (default: none).")
  List<Integer> cooldowns = new ArrayList<>();

  @Mixin OutOptions output;

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Override
  public Integer call() throws Exception {
    GrowthPoint resolved = point.resolve();
    GrowthPoint growth =
        new GrowthPoint(
            resolved.source(),
            scoring.measuring(resolved.stage(), !point.config.mentions("evalPrimitives")),
            resolved.target(),
            resolved.pool());
    RunConfig stage = growth.stage();
    long end = stage.train().steps();
    long[] lags =
        grid != null
            ? grid.stream().mapToLong(Long::longValue).toArray()
            : LagCurve.geometricGrid(end, 12);
    LagCurve.checkGrid(lags, end, "--grid");
    for (int c : cooldowns) {
      if (c < 1 || c > end) {
        throw InvalidInputException.field(
            "--probes", c, "a cooldown must be 1.." + end + " steps (the stage)");
      }
    }
    Study study =
        new Study(
            growth,
            scoring.evidence(null).scorer(growth.stage().train().learningRates()),
            scoring.metric(),
            lags,
            cooldowns);
    // Loaded here only to fail fast on a bad corpus; every window loads it where it runs.
    TextData.load(stage.data(), growth.target().seqLen(), stage.train().seed());
    runnerOptions.check();
    PrintWriter printer = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    RecordedRun run =
        new RecordedRun(
            output.open(RunKind.STUDY), growth.record(point.from.toString(), json), printer);
    Study.Result result =
        run.train(
            runnerOptions,
            stage.train().device(),
            (runner, metrics) -> study.run(runner, metrics, printer));
    AnalyzeCommand.print(result.curve(), printer);
    if (result.primitivesCurve() != null) {
      printer.println();
      printer.println(
          "Does the score at k rank the candidates by final reasoning-primitive accuracy?");
      AnalyzeCommand.print(result.primitivesCurve(), printer);
      printFinalPrimitives(result, printer);
    }
    run.complete("study.json", study.toJson(result, json));
    run.printRecords("study.json");
    return 0;
  }

  /** Every candidate's final model on every primitive, beside its final loss. */
  private static void printFinalPrimitives(Study.Result result, PrintWriter printer) {
    printer.println();
    printer.printf(
        Locale.ROOT,
        "%-28s %10s %10s   %s%n",
        "final model",
        "eval loss",
        "primitives",
        "per task");
    result
        .finalPrimitives()
        .forEach(
            (name, accuracy) -> {
              StringBuilder perTask = new StringBuilder();
              accuracy.forEach(
                  (task, p) ->
                      perTask.append(
                          String.format(Locale.ROOT, " %s %.0f%%", task.label(), 100 * p.value())));
              printer.printf(
                  Locale.ROOT,
                  "%-28s %10.4f %9.1f%%  %s%n",
                  name,
                  Study.finalEvalLoss(result, name),
                  100 * PrimitiveSuite.mean(accuracy),
                  perTask);
            });
  }
}
