package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.bench.OpProfile;
import dev.lag.trainer.bench.OpProfile.Phase;
import dev.lag.trainer.bench.OpProfile.Row;
import dev.lag.trainer.bench.StepProfiler;
import dev.lag.trainer.config.GptConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lag bench profile}: where a training step's time goes, per PyTorch op, for one model and
 * for K candidates trained as one batch, side by side.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    header = "Per-op breakdown of a training step: one model against K candidates batched.",
    description = {
      "Runs PyTorch's profiler over some steps of one candidate (lag's training loop) and of K candidates trained as one batch, 4 layers, batch 16, context = d, after a warm-up. Prints each op's self time per step, backward apart from forward and optimizer, with the sequential figure counted K times (K candidates one after another) next to the batched one. The profiler adds a little time to every op: read the breakdown, time steps with lag bench step or candidates. The traces (Chrome trace format, chrome://tracing) are written to --out."
    })
final class ProfileBenchCommand implements Callable<Integer> {
  private static final int BATCH = 16;

  @Option(
      names = "--d",
      defaultValue = "128",
      description = "Model width; the context is as long (default ${DEFAULT-VALUE}).")
  int d;

  @Option(names = "--k", defaultValue = "4", description = "Candidates (default ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "Unprofiled steps first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--steps",
      defaultValue = "5",
      description = "Profiled steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--top",
      defaultValue = "20",
      description = "Ops to list (default ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--out",
      defaultValue = "runs/bench/profile",
      description = "Folder for the two traces (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (d < 16 || d % 4 != 0) {
      throw InvalidInputException.field("--d", d, "must be a multiple of 4 (4 heads), >= 16");
    }
    if (k < 2) {
      throw InvalidInputException.field("--k", k, "must be >= 2 (a batch of candidates)");
    }
    if (warmup < 1 || steps < 1 || top < 1) {
      throw new InvalidInputException("--warmup, --steps and --top must be >= 1");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw InvalidInputException.field("--out", out, "is a file; give a folder for the traces");
    }
    GptConfig shape = new GptConfig(256, d, 4, 4, d, 4, true);
    Files.createDirectories(out);
    System.out.printf(
        Locale.ROOT,
        "profiling %d steps after %d of warm-up: 4 layers, d %d, seq %d, batch %d, K = %d%n",
        steps,
        warmup,
        d,
        d,
        BATCH,
        k);
    OpProfile single = StepProfiler.single(shape, BATCH, warmup, steps, out.resolve("single.json"));
    OpProfile batched =
        StepProfiler.batched(shape, BATCH, k, warmup, steps, out.resolve("batched.json"));
    System.out.println();
    System.out.print(sideBySide(single, batched));
    System.out.printf(
        Locale.ROOT,
        "%-44s %-9s %12.1f %12.1f %6.2f%n",
        "all ops",
        "",
        k * single.totalMs() / steps,
        batched.totalMs() / steps,
        batched.totalMs() / (k * single.totalMs()));
    for (Phase phase : Phase.values()) {
      System.out.printf(
          Locale.ROOT,
          "%-44s %-9s %12.1f %12.1f %6.2f%n",
          "  of which " + phase.label(),
          "",
          k * single.phaseMs(phase) / steps,
          batched.phaseMs(phase) / steps,
          batched.phaseMs(phase) / (k * single.phaseMs(phase)));
    }
    System.out.println(
        "ms per step of K candidates (self time of each op); ratio = batched / sequential, < 1"
            + " means batching is faster for that op.");
    System.out.println(
        "traces: " + out.resolve("single.json") + ", " + out.resolve("batched.json"));
    return 0;
  }

  /** The ops that take the most time in either path, with both figures. */
  private String sideBySide(OpProfile single, OpProfile batched) {
    Map<String, double[]> both = new LinkedHashMap<>();
    for (Row r : single.rows()) {
      both.computeIfAbsent(key(r), x -> new double[2])[0] += k * r.selfMs() / steps;
    }
    for (Row r : batched.rows()) {
      both.computeIfAbsent(key(r), x -> new double[2])[1] += r.selfMs() / steps;
    }
    List<Map.Entry<String, double[]>> rows = new ArrayList<>(both.entrySet());
    rows.sort(Comparator.comparingDouble(e -> -Math.max(e.getValue()[0], e.getValue()[1])));
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%-44s %-9s %12s %12s %6s%n",
            "op",
            "phase",
            "sequential",
            "batched",
            "ratio"));
    for (Map.Entry<String, double[]> e : rows.subList(0, Math.min(top, rows.size()))) {
      String[] parts = e.getKey().split("\t", 2);
      double[] v = e.getValue();
      String op = parts[1].length() > 44 ? parts[1].substring(0, 41) + "..." : parts[1];
      text.append(
          String.format(
              Locale.ROOT,
              "%-44s %-9s %12.1f %12.1f %6s%n",
              op,
              parts[0],
              v[0],
              v[1],
              v[0] > 0 ? String.format(Locale.ROOT, "%.2f", v[1] / v[0]) : "-"));
    }
    return text.toString();
  }

  private static String key(Row r) {
    return r.phase().label() + "\t" + r.op();
  }
}
