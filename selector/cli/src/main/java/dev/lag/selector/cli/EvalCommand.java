package dev.lag.selector.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.stats.Proportion;
import dev.lag.trainer.checkpoint.Checkpoints;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.CorpusReader;
import dev.lag.trainer.data.EvalWindows;
import dev.lag.trainer.data.Tokenizer;
import dev.lag.trainer.data.Tokenizers;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.primitives.Primitive;
import dev.lag.trainer.primitives.PrimitiveSuite;
import dev.lag.trainer.primitives.PrimitivesJson;
import dev.lag.trainer.train.Evaluator;
import dev.lag.trainer.train.TrainingState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lag eval}: the mean next-token loss of a checkpoint over a whole file, and its accuracy on
 * the reasoning primitives.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    header = "Loss of a checkpoint on a file, and reasoning-primitive accuracy.",
    description = {
      "Mean next-token loss of a checkpoint over FILE taken whole: window i has inputs tokens[iT, iT+T) and targets tokens[iT+1, iT+T+1) for every i with iT+T+1 <= n. No split, no sampling: any framework can reproduce the number.",
      "--tasks primitives: accuracy on the MIDAS reasoning primitives (exact match of the greedy answer, 95%% Wilson interval); formats and chance levels in the README."
    })
final class EvalCommand implements Callable<Integer> {
  @Option(
      names = "--ckpt",
      required = true,
      paramLabel = "DIR",
      description = "Checkpoint directory.")
  Path checkpoint;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description = "Text, JSONL or a folder of .txt: the loss over it.")
  Path data;

  @Option(
      names = "--tasks",
      paramLabel = "primitives",
      description = "Also evaluate these tasks; the one suite so far: primitives.")
  String tasks;

  @Option(
      names = "--per-task",
      defaultValue = "200",
      paramLabel = "N",
      description = "Prompts per primitive (default ${DEFAULT-VALUE}).")
  int perTask;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of the prompts (default: the checkpoint's seed).")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
  boolean json;

  @Option(
      names = "--batch",
      defaultValue = "16",
      description = "Windows per forward pass (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", defaultValue = "cpu")
  String device;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (data == null && tasks == null) {
      throw InvalidInputException.field(
          "--data", "", "give --data FILE, --tasks primitives, or both");
    }
    if (tasks != null && !tasks.equals("primitives")) {
      throw InvalidInputException.field("--tasks", tasks, "the one task suite is: primitives");
    }
    if (perTask < 1) {
      throw InvalidInputException.field("--per-task", perTask, "must be >= 1");
    }
    if (batch < 1) {
      throw InvalidInputException.field("--batch", batch, "must be >= 1");
    }
    RunConfig config = Checkpoints.readConfig(checkpoint);
    int seqLen = config.model().seqLen();
    Tokenizer tokenizer = Tokenizers.of(config.data().tokenizer());
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode out = mapper.createObjectNode();
    out.put("checkpoint", checkpoint.toString());
    PrintWriter printer = spec.commandLine().getOut();
    boolean finite = true;
    try (NDManager root = Engines.newManager(Engines.device(device));
        TrainingState state = Checkpoints.load(checkpoint, config, root)) {
      if (data != null) {
        int[] tokens = tokenizer.encode(new CorpusReader(config.data().jsonField()).read(data));
        double loss = Evaluator.meanLoss(state.model(), EvalWindows.all(tokens, seqLen, batch));
        finite = Double.isFinite(loss);
        int count = EvalWindows.windowCount(tokens, seqLen);
        dev.lag.analysis.io.JsonNumbers.put(out, "loss", loss);
        out.put("windows", count);
        out.put("seqLen", seqLen);
        out.put("tokens", tokens.length);
        out.put("data", data.toString());
        if (!json) {
          printer.printf(
              Locale.ROOT,
              "loss %.6f over %d windows of %d tokens (%d tokens in %s)%n",
              loss,
              count,
              seqLen,
              tokens.length,
              data);
        }
      }
      if (tasks != null) {
        long promptSeed = seed != null ? seed : config.train().seed();
        PrimitiveSuite suite = PrimitiveSuite.generate(tokenizer, perTask, promptSeed);
        Map<Primitive, Proportion> accuracy = suite.evaluate(state.model());
        out.set("primitives", PrimitivesJson.toJson(accuracy, suite, seqLen, mapper));
        out.put("primitivesSeed", promptSeed);
        if (!json) {
          print(accuracy, suite, seqLen, printer);
        }
      }
    }
    if (json) {
      printer.println(out);
    }
    if (!finite) {
      // A NaN or infinite loss is a broken model, never a result: the exit says so, as a
      // diverged training run's does.
      spec.commandLine()
          .getErr()
          .println("lag: the loss is not finite: " + checkpoint + " holds NaN or infinite weights");
      return 3;
    }
    return 0;
  }

  private static void print(
      Map<Primitive, Proportion> accuracy, PrimitiveSuite suite, int seqLen, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%-16s %9s %17s %9s %7s %8s%n",
        "primitive",
        "accuracy",
        "95% interval",
        "correct",
        "chance",
        "shots");
    accuracy.forEach(
        (task, p) ->
            out.printf(
                Locale.ROOT,
                "%-16s %8.1f%% %7.1f%% - %5.1f%% %4d/%-4d %6.1f%% %8.1f%n",
                task.label(),
                100 * p.value(),
                100 * p.lower(),
                100 * p.upper(),
                p.successes(),
                p.trials(),
                100 * task.chance(),
                suite.shotsThatFit(task, seqLen)));
    out.printf(
        Locale.ROOT,
        "mean accuracy %.1f%% (exact match of the greedy answer; chance: copying a random value of"
            + " the query line; shots: solved examples that fit in the context of %d tokens)%n",
        100 * PrimitiveSuite.mean(accuracy),
        seqLen);
  }
}
