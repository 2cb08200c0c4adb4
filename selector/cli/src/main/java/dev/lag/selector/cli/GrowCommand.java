package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.strategies.Growth;
import dev.lag.strategies.GrowthOperators;
import dev.lag.strategies.LayerMapOperator;
import dev.lag.strategies.Widen;
import dev.lag.strategies.layout.Layout;
import dev.lag.strategies.layout.LayoutCheckpoint;
import dev.lag.strategies.layout.LayoutGrowth;
import dev.lag.trainer.checkpoint.Checkpoints;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.data.CorpusReader;
import dev.lag.trainer.data.EvalWindows;
import dev.lag.trainer.data.Tokenizers;
import dev.lag.trainer.train.Evaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lag grow}: a checkpoint grown by one operator, ready for {@code lag train --resume-from}.
 */
@Command(
    name = "grow",
    mixinStandardHelpOptions = true,
    header = "Grow a checkpoint with a growth operator.",
    description = {
      "Grow a checkpoint with a growth operator and write the grown checkpoint. Continue training it with: lag train --resume-from CKPT2 --out RUN_DIR"
    })
final class GrowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "CKPT",
      description =
          "Checkpoint to grow: a lag checkpoint, or any framework's weights (a .safetensors file,"
              + " or a folder with model.safetensors and a Hugging Face config.json).")
  Path from;

  @Option(
      names = "--layout",
      defaultValue = "auto",
      paramLabel = "NAME",
      description =
          "Tensor layout of a safetensors --from: nanogpt, hf-gpt2, hf-llama, or auto (from the"
              + " tensor names; default).")
  String layout;

  @Option(
      names = "--op",
      required = true,
      paramLabel = "SPEC",
      description = "Operator spec, e.g. 'midas(b=2, optimizer=copy)'; see lag ops.")
  String op;

  @Option(
      names = "--depth",
      paramLabel = "N",
      description = "Target number of layers (depth operators).")
  Integer depth;

  @Option(
      names = "--width",
      paramLabel = "D",
      description =
          "Target dModel, a multiple of the source's (widen; after a depth growth if both).")
  Integer width;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "CKPT2",
      description = "Where to write the grown checkpoint (a new or empty directory).")
  Path out;

  @Option(names = "--force", description = "Replace the checkpoint CKPT2 holds.")
  boolean force;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description =
          "Text, JSONL or a folder of .txt: print the loss before and after growth on it (up to"
              + " 32 batches of 8 windows spread over it; lag checkpoints). A grown model whose"
              + " loss is not finite exits 3.")
  Path data;

  @Override
  public Integer call() throws Exception {
    Growth growth = GrowthOperators.resolve(op);
    boolean widens = growth.operator() instanceof Widen;
    if (depth == null && width == null) {
      throw new InvalidInputException("give --depth N (depth operators) or --width D (widen)");
    }
    if (widens && depth != null) {
      throw new InvalidInputException("--op " + op + " widens; give --width D, not --depth");
    }
    if (!widens && depth == null) {
      throw new InvalidInputException("--op " + op + " grows depth; give --depth N");
    }
    if (LayoutCheckpoint.isOne(from)) {
      if (data != null) {
        throw InvalidInputException.field(
            "--data",
            data,
            "checks lag checkpoints; for another framework's weights run your model's forward on"
                + " the grown file");
      }
      return growLayout(growth, spec.commandLine().getOut());
    }
    if (!layout.equals("auto")) {
      throw InvalidInputException.field(
          "--layout", layout, "applies to a safetensors file; " + from + " is a lag checkpoint");
    }
    Checkpoints.checkWritable(out, force, "--out");
    Snapshot source = Checkpoints.read(from);
    GptConfig model = source.config().model();
    PrintWriter printer = spec.commandLine().getOut();
    Snapshot grown = source;
    if (!widens) {
      GptConfig target = model.withLayers(depth);
      growth.operator().check(model, target);
      target.requireHeapFor("--depth", depth);
      grown = growth.apply(grown, target);
      printer.printf(
          Locale.ROOT,
          "%s: %d -> %d layers, layer map %s, grown layers [%s]%n",
          growth.spec(),
          model.layers(),
          depth,
          LayerMapOperator.describe(
              ((LayerMapOperator) growth.operator()).layerMap(model.layers(), depth)),
          grown.config().train().grownLayers());
    }
    if (width != null) {
      Growth widen = widens ? growth : GrowthOperators.resolve("widen");
      GptConfig current = grown.config().model();
      current.withDModel(width).requireHeapFor("--width", width);
      grown =
          new Growth(widen.spec(), widen.operator(), growth.modifiers())
              .apply(grown, current.withDModel(width));
      printer.printf(Locale.ROOT, "widen: dModel %d -> %d%n", current.dModel(), width);
    }
    if (data != null && !lossBeforeAndAfter(source, grown, printer)) {
      return 3;
    }
    Checkpoints.write(out, grown);
    printer.printf(
        Locale.ROOT,
        "wrote %s%ncontinue with: lag train --resume-from %s --out RUN_DIR%n",
        out,
        out);
    return 0;
  }

  /**
   * Prints the loss on {@code --data} before and after growth; false (nothing written) when the
   * grown model's loss is not finite.
   */
  private boolean lossBeforeAndAfter(Snapshot source, Snapshot grown, PrintWriter printer)
      throws java.io.IOException {
    var config = source.config();
    int[] tokens =
        Tokenizers.of(config.data().tokenizer())
            .encode(new CorpusReader(config.data().jsonField()).read(data));
    var windows = EvalWindows.spread(tokens, config.model().seqLen(), 8, 32);
    if (windows.isEmpty()) {
      throw InvalidInputException.field(
          "--data",
          data,
          "shorter than one window of " + (config.model().seqLen() + 1) + " tokens");
    }
    double before = Evaluator.meanLoss(source, windows);
    double after = Evaluator.meanLoss(grown, windows);
    printer.printf(
        Locale.ROOT,
        "loss on %s (%d windows): %.4f before growth, %.4f after (%+.4f)%n",
        data,
        windows.stream().mapToInt(b -> b.batch()).sum(),
        before,
        after,
        after - before);
    if (!Double.isFinite(after)) {
      spec.commandLine()
          .getErr()
          .println("lag: the grown model's loss is not finite; nothing was written to " + out);
      return false;
    }
    return true;
  }

  /** Another framework's weights: renumber, copy and add blocks by name, in their own layout. */
  private int growLayout(Growth growth, PrintWriter printer) throws Exception {
    if (!(growth.operator() instanceof LayerMapOperator operator) || width != null) {
      throw InvalidInputException.field(
          "--op", op, "a safetensors checkpoint grows in depth only (--depth N, a depth operator)");
    }
    if (growth.modifiers().freeze() > 0 || growth.modifiers().ramp() > 0) {
      // They act in the training loop, which for a safetensors file is the user's, not lag's.
      throw InvalidInputException.field(
          "--op",
          op,
          "freeze and ramp act in lag's trainer; for your own loop grow without them and freeze"
              + " or ramp the grown layers it prints");
    }
    Layout named = layout.equals("auto") ? null : Layout.parse(layout);
    Path sourceFolder =
        (java.nio.file.Files.isRegularFile(from)
                ? from.toAbsolutePath().getParent()
                : from.toAbsolutePath())
            .normalize();
    if (out.toAbsolutePath().normalize().equals(sourceFolder)) {
      throw InvalidInputException.field(
          "--out", out, "is the source's folder; lag never writes over the checkpoint it grows");
    }
    LayoutCheckpoint.checkWritable(out, force);
    LayoutCheckpoint source = LayoutCheckpoint.read(from);
    Layout used = named != null ? named : Layout.detect(source.tensors());
    checkMemory(source, used);
    LayoutGrowth.Result grown =
        LayoutGrowth.grow(source.tensors(), used, operator, growth.modifiers(), depth);
    source.checkConfig(used, grown.sourceLayers());
    LayoutCheckpoint.write(out, grown.tensors(), source.config(), used, depth);
    printer.printf(
        Locale.ROOT,
        "%s (%s layout): %d -> %d blocks, layer map %s, grown layers %s%nwrote %s%s%n",
        growth.spec(),
        used.label(),
        grown.sourceLayers(),
        depth,
        LayerMapOperator.describe(grown.layerMap()),
        java.util.Arrays.toString(LayerMapOperator.grownLayers(grown.layerMap())),
        out.resolve(LayoutCheckpoint.WEIGHTS),
        source.config() == null ? "" : " and config.json (" + used.depthKey() + "=" + depth + ")");
    return 0;
  }

  /** Refuses a depth whose grown model this JVM cannot hold, before growing anything. */
  private void checkMemory(LayoutCheckpoint source, Layout used) {
    long perBlock = 0;
    long rest = 0;
    for (var e : source.tensors().entrySet()) {
      long bytes = 4L * e.getValue().data().length;
      if (used.layerOf(e.getKey()) == 0) {
        perBlock += bytes;
      } else if (used.layerOf(e.getKey()) < 0) {
        rest += bytes;
      }
    }
    double needed = rest + (double) perBlock * depth;
    long available = Runtime.getRuntime().maxMemory();
    // The source, the grown tensors and a write buffer live at once: ask for half the heap.
    if (needed > available / 2.0) {
      throw InvalidInputException.field(
          "--depth",
          depth,
          String.format(
              java.util.Locale.ROOT,
              "the grown model would take %.1f GB; this JVM holds %.1f GB (raise it with"
                  + " LAG_JAVA_OPTS=-Xmx...)",
              needed / 1e9,
              available / 1e9));
    }
  }
}
