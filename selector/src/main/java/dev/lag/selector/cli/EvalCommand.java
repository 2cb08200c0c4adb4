package dev.lag.selector.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.trainer.checkpoint.Checkpoints;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.CorpusReader;
import dev.lag.trainer.data.EvalWindows;
import dev.lag.trainer.data.Tokenizers;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.Evaluator;
import dev.lag.trainer.train.TrainingState;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag eval}: the mean next-token loss of a checkpoint over a whole file. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Mean next-token loss of a checkpoint over FILE taken whole: window i has inputs",
      "tokens[iT, iT+T) and targets tokens[iT+1, iT+T+1) for every i with iT+T+1 <= n.",
      "No split, no sampling: any framework can reproduce the number."
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
      required = true,
      paramLabel = "FILE",
      description = "Text, JSONL or a folder of .txt.")
  Path data;

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
    RunConfig config = Checkpoints.readConfig(checkpoint);
    int seqLen = config.model().seqLen();
    String text = new CorpusReader(config.data().jsonField()).read(data);
    int[] tokens = Tokenizers.of(config.data().tokenizer()).encode(text);
    var windows = EvalWindows.all(tokens, seqLen, Math.max(1, batch));
    double loss;
    try (NDManager root = Engines.newManager(Engines.device(device));
        TrainingState state = Checkpoints.load(checkpoint, config, root)) {
      loss = Evaluator.meanLoss(state.model(), windows);
    }
    int count = EvalWindows.windowCount(tokens, seqLen);
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode out = mapper.createObjectNode();
      out.put("loss", loss);
      out.put("windows", count);
      out.put("seqLen", seqLen);
      out.put("tokens", tokens.length);
      out.put("checkpoint", checkpoint.toString());
      out.put("data", data.toString());
      spec.commandLine().getOut().println(out);
    } else {
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "loss %.6f over %d windows of %d tokens (%d tokens in %s)%n",
              loss,
              count,
              seqLen,
              tokens.length,
              data);
    }
    return 0;
  }
}
