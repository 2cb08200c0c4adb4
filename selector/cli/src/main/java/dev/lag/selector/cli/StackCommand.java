package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.RunDirectory;
import dev.lag.analysis.io.RunKind;
import dev.lag.selector.Selection;
import dev.lag.selector.experiments.stack.AdaptiveStacking;
import dev.lag.selector.experiments.stack.StackConfig;
import dev.lag.selector.experiments.stack.StackJson;
import dev.lag.selector.experiments.stack.StackResult;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag stack}: adaptive gradual stacking with LAG, and its baselines on the same budget. */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    header = "Adaptive gradual stacking with LAG, and its baselines.",
    description = {
      "Adaptive gradual stacking: at every stage boundary LAG picks how to grow. On the same budget it also trains the last depth from scratch, fixed-operator stacking with each candidate, and RaPTr.",
      "Writes run.json, metrics.jsonl and stack.json. Config keys: README (Adaptive stacking); every key can be set with --set."
    })
final class StackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE.json",
      description = "Stacking config (examples/stack-demo.json).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set any key, stack or run (lists as 2,4,6). Repeatable.")
  List<String> assignments = new ArrayList<>();

  @Mixin OutOptions output;

  @Mixin RunnerOptions runner = new RunnerOptions();

  @Override
  public Integer call() throws Exception {
    StackConfig stack = StackConfig.read(config, assignments);
    return run(stack, output.open(RunKind.STACK), runner, spec.commandLine().getOut());
  }

  /** Runs a validated config and prints the summary; shared with {@code lag demo}. */
  static int run(StackConfig stack, RunDirectory dir, RunnerOptions options, PrintWriter printer)
      throws Exception {
    // Loaded here only to fail fast on a bad corpus; every window loads it where it runs.
    TextData.load(stack.run().data(), stack.run().model().seqLen(), stack.run().train().seed());
    options.check();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode record = json.createObjectNode();
    record.set("config", StackJson.configJson(stack, json));
    record.set(
        "provenance",
        json.valueToTree(
            Engines.provenance(stack.run().train().device(), stack.run().train().seed())));
    printer.printf(
        Locale.ROOT,
        "adaptive stacking %s, stages of %s steps, policy %s, %d candidates%n",
        stack.depths(),
        java.util.Arrays.toString(stack.stageSteps()),
        stack.policy(),
        stack.pool().size());
    RecordedRun run = new RecordedRun(dir, record, printer);
    StackResult result =
        run.train(
            options,
            stack.run().train().device(),
            (runner, metrics) -> {
              printer.println("runner: " + runner.describe());
              return new AdaptiveStacking(stack, runner, metrics, printer).run();
            });
    run.complete("stack.json", StackJson.toJson(stack, result, json));
    print(result, printer);
    run.printRecords("stack.json");
    return 0;
  }

  static void print(StackResult r, PrintWriter out) {
    out.println();
    out.println("winner per stage:");
    for (StackResult.Stage s : r.stages()) {
      Selection sel = s.selection();
      out.printf(
          Locale.ROOT,
          "  stage %d (%d layers): %-24s lag %d, overhead %.3g FLOPs%s%n",
          s.stage(),
          s.depth(),
          sel.winner(),
          sel.lag(),
          s.overheadFlops(),
          sel.tiedWithWinner().isEmpty()
              ? ""
              : ", tied with " + String.join(", ", sel.tiedWithWinner()));
      if (sel.confidence().computed()) {
        out.printf(
            Locale.ROOT,
            "    P(best) %.2f, P(within 1 seed-noise SD) %.2f (calibrated on the bank); %s%n",
            sel.confidence().pBest().getOrDefault(sel.winner(), Double.NaN),
            sel.confidence().pWithin().getOrDefault(sel.winner(), Double.NaN),
            sel.reason());
        if (sel.confidence().trackRecord() != null) {
          out.printf(Locale.ROOT, "    %s%n", sel.confidence().trackRecord().describe());
        }
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%-26s %10s %12s %14s %12s%n",
        "schedule",
        "final eval",
        "FLOPs",
        "to scratch loss",
        "saving");
    for (StackResult.Contender c : r.contenders()) {
      out.printf(
          Locale.ROOT,
          "%-26s %10.4f %12.3g %14s %12s%n",
          c.name(),
          c.finalEvalLoss(),
          c.flops() + c.overheadFlops(),
          Double.isNaN(c.flopsToScratchLoss())
              ? "never"
              : String.format(Locale.ROOT, "%.3g", c.flopsToScratchLoss() + c.overheadFlops()),
          Double.isNaN(c.savingVsScratch())
              ? "-"
              : String.format(Locale.ROOT, "%+.0f%%", 100 * c.savingVsScratch()));
    }
    out.println(
        "(lag's FLOPs include its selection overhead; saving = FLOPs saved to reach the scratch model's final loss)");
  }
}
