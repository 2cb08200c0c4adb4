package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.RunDirectory;
import dev.lag.analysis.io.RunFiles;
import dev.lag.analysis.io.RunKind;
import dev.lag.analysis.io.RunStatus;
import dev.lag.trainer.checkpoint.Checkpoints;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.record.TrainRun;
import dev.lag.trainer.train.RunInterruptedException;
import dev.lag.trainer.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lag train}: trains a GPT and writes a run directory. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    header = "Train a GPT and write its run directory.",
    description = {
      "Train a GPT and write RUN_DIR/run.json, RUN_DIR/metrics.jsonl and RUN_DIR/checkpoint/. With no config: a 4-layer model on the embedded corpus, about a minute on 2 cores.",
      "SIGTERM or Ctrl-C stops it at a step boundary with its checkpoint saved; --resume continues."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Mixin OutOptions output;

  @Option(
      names = "--resume-from",
      paramLabel = "CKPT",
      description =
          "Start from this checkpoint (e.g. one written by 'lag grow'); its model shape is used.")
  Path resumeFrom;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      description = "Also save the checkpoint every N steps (default: only at the end).")
  int checkpointEvery;

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu|gpu:N",
      description = "Same as --set device=...")
  String device;

  @Override
  public Integer call() throws Exception {
    RunConfig base = RunConfig.DEFAULT;
    if (resumeFrom != null) {
      // Everything the checkpoint's run used (a grown checkpoint carries its re-warm-up), then
      // flags.
      base = Checkpoints.readConfig(resumeFrom);
    }
    Path out = output.out;
    RunDirectory.Mode mode = output.mode();
    output.sayIfNothingToResume(RunKind.TRAIN);
    if (mode == RunDirectory.Mode.RESUME && Files.isDirectory(out.resolve(RunFiles.CHECKPOINT))) {
      base = Checkpoints.readConfig(out.resolve(RunFiles.CHECKPOINT));
    }
    RunConfig config = options.resolve(base);
    if (device != null) {
      config = config.withDevice(device);
    }
    if (checkpointEvery < 0) {
      throw InvalidInputException.field("--checkpoint-every", checkpointEvery, "must be >= 0");
    }
    System.out.printf(
        Locale.ROOT,
        "lag train: %d layers, d_model %d, %d heads, context %d, batch %d, %d steps on %s -> %s%n",
        config.model().layers(),
        config.model().dModel(),
        config.model().heads(),
        config.model().seqLen(),
        config.train().batch(),
        config.train().steps(),
        config.data().isEmbedded() ? "the embedded corpus" : config.data().corpus(),
        out);
    TrainingResult result;
    try (ProgressReporter progress =
        new ProgressReporter(
            "train",
            config.train().steps(),
            config.train().tokensPerStep(config.model().seqLen()),
            System.out)) {
      TrainRun run =
          new TrainRun(config, out)
              .optMode(mode)
              .optCheckpointEvery(checkpointEvery)
              .optListener(progress);
      if (resumeFrom != null) {
        run.optInitFrom(resumeFrom);
      }
      result = run.execute();
    }
    if (result.status() == RunStatus.INTERRUPTED) {
      throw new RunInterruptedException(
          result.message() + "; checkpoint saved, continue with --resume --out " + out);
    }
    if (result.status() == RunStatus.DIVERGED) {
      System.out.println(
          "diverged: " + result.message() + " (recorded in " + out.resolve(RunFiles.RUN) + ")");
      return 3;
    }
    System.out.printf(
        Locale.ROOT,
        "done: %d steps, final train loss %.4f, %s%nrecords: %s, %s, %s%n",
        result.lastStep(),
        result.lastTrainLoss(),
        config.train().evalInterval() == 0
            ? "no validation loss (evalInterval=0)"
            : String.format(Locale.ROOT, "validation loss %.4f", result.lastEvalLoss()),
        out.resolve(RunFiles.RUN),
        out.resolve(RunFiles.METRICS),
        out.resolve(RunFiles.CHECKPOINT));
    return 0;
  }
}
