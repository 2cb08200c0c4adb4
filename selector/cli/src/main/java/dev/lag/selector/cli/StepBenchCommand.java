package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.trainer.bench.MatmulPeak;
import dev.lag.trainer.bench.StepTimer;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.FlopCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lag bench step}: training-step speed, as a share of the matmul peak and against PyTorch.
 */
@Command(
    name = "step",
    mixinStandardHelpOptions = true,
    header = "Training-step speed, share of the matmul peak, ratio against PyTorch.",
    description = {
      "Median ms per training step (forward, backward, clipping, AdamW) after warm-up, tokens/s, achieved GFLOP/s and its share of this machine's fp32 matmul peak, for three model shapes (seq 128, batch 16). With --peer torch, the same model in PyTorch eager, alternated."
    })
final class StepBenchCommand implements Callable<Integer> {
  private static final int SEQ = 128;
  private static final int BATCH = 16;

  @Option(names = "--peer", paramLabel = "torch", description = "Also time the peer: torch.")
  String peer;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      description = "Python with torch (default ${DEFAULT-VALUE}).")
  String python;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Alternations of lag and the peer (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup",
      defaultValue = "60",
      description = "Untimed steps per measurement (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--steps",
      defaultValue = "40",
      description = "Timed steps per measurement (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(names = "--quick", description = "Only the smallest shape, one round (a smoke test).")
  boolean quick;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (peer != null && !peer.equals("torch")) {
      throw InvalidInputException.field("--peer", peer, "the only peer is torch");
    }
    if (rounds < 1 || warmup < 0 || steps < 1) {
      throw new InvalidInputException("--rounds and --steps must be >= 1, --warmup >= 0");
    }
    Path script = peer == null ? null : peerScript();
    List<GptConfig> shapes =
        List.of(
            new GptConfig(256, 128, 4, 4, SEQ, 4, true),
            new GptConfig(256, 128, 4, 8, SEQ, 4, true),
            new GptConfig(256, 256, 4, 4, SEQ, 4, true));
    if (quick) {
      shapes = shapes.subList(0, 1);
      rounds = 1;
    }
    System.out.println("measuring the fp32 matmul peak (2048 x 2048) ...");
    double peak = MatmulPeak.gflops(2048, 5);
    System.out.printf(Locale.ROOT, "matmul peak: %.1f GFLOP/s%n", peak);

    double[][] lagMs = new double[shapes.size()][rounds];
    double[][] peerMs = new double[shapes.size()][rounds];
    String peerVersion = "";
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < shapes.size(); i++) {
        GptConfig c = shapes.get(i);
        lagMs[i][r] = StepTimer.median(StepTimer.time(c, BATCH, warmup, steps));
        String line =
            String.format(
                Locale.ROOT, "round %d  %-22s lag %7.1f ms", r + 1, label(c), lagMs[i][r]);
        if (script != null) {
          JsonNode out = runPeer(script, c);
          peerMs[i][r] = out.path("medianMs").asDouble();
          peerVersion = out.path("torch").asText();
          line += String.format(Locale.ROOT, "   torch %7.1f ms", peerMs[i][r]);
        }
        System.out.println(line);
      }
    }

    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode report = mapper.createObjectNode();
    report.set("provenance", mapper.valueToTree(Engines.provenance("cpu", 0)));
    report.put("matmulPeakGflops", peak);
    report.put("seqLen", SEQ);
    report.put("batch", BATCH);
    report.put("rounds", rounds);
    if (script != null) {
      report.put("peer", "torch " + peerVersion);
    }
    ArrayNode rows = report.putArray("configs");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-22s %10s %9s %10s %9s %7s%s%n",
        "config",
        "FLOP/step",
        "ms/step",
        "tokens/s",
        "GFLOP/s",
        "peak",
        script == null ? "" : "  torch ms  torch tok/s  ratio");
    for (int i = 0; i < shapes.size(); i++) {
      System.out.println(
          row(shapes.get(i), lagMs[i], script == null ? null : peerMs[i], peak, rows));
    }
    if (script != null) {
      System.out.println(
          "ratio = lag tokens/s / PyTorch tokens/s (medians over rounds); > 1 means lag is faster.");
    }
    if (json != null) {
      AtomicFiles.writeString(json, mapper.writeValueAsString(report));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  /** One shape's line of the table, and its row of the JSON report (medians over the rounds). */
  private static String row(
      GptConfig c, double[] lagMs, double[] peerMs, double peak, ArrayNode rows) {
    double flops = FlopCounter.perStep(c, BATCH);
    double ms = StepTimer.median(lagMs);
    double tokensPerSecond = BATCH * SEQ / (ms / 1000);
    double gflops = flops / (ms / 1000) / 1e9;
    ObjectNode row = rows.addObject();
    row.put("config", label(c));
    row.put("flopsPerStep", flops);
    row.put("msPerStep", ms);
    row.put("msPerStepBest", Arrays.stream(lagMs).min().orElse(ms));
    row.put("tokensPerSecond", tokensPerSecond);
    row.put("gflops", gflops);
    row.put("shareOfPeak", gflops / peak);
    String line =
        String.format(
            Locale.ROOT,
            "%-22s %10.3g %9.1f %10.0f %9.1f %6.0f%%",
            label(c),
            flops,
            ms,
            tokensPerSecond,
            gflops,
            100 * gflops / peak);
    if (peerMs != null) {
      double torchMs = StepTimer.median(peerMs);
      double torchTokens = BATCH * SEQ / (torchMs / 1000);
      row.put("peerMsPerStep", torchMs);
      row.put("peerMsPerStepBest", Arrays.stream(peerMs).min().orElse(torchMs));
      row.put("peerTokensPerSecond", torchTokens);
      row.put("ratio", tokensPerSecond / torchTokens);
      line +=
          String.format(
              Locale.ROOT,
              "  %8.1f  %11.0f  %5.2f",
              torchMs,
              torchTokens,
              tokensPerSecond / torchTokens);
    }
    return line;
  }

  private static String label(GptConfig c) {
    return c.layers() + " layers, d " + c.dModel();
  }

  private Path peerScript() {
    Path home = Path.of(System.getProperty("lag.home", "."));
    Path script = home.resolve("tools/peer_torch.py");
    if (!Files.isRegularFile(script)) {
      throw new InvalidInputException(
          "--peer torch: cannot find " + script + " (run lag from its checkout)");
    }
    if (!Files.isExecutable(Path.of(python))) {
      throw InvalidInputException.field(
          "--python",
          python,
          "not found; install the peer with: apt-get install -y python3-torch libopenblas0-openmp");
    }
    return script;
  }

  private JsonNode runPeer(Path script, GptConfig c) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                python,
                script.toString(),
                "--layers",
                "" + c.layers(),
                "--d-model",
                "" + c.dModel(),
                "--heads",
                "" + c.heads(),
                "--seq-len",
                "" + c.seqLen(),
                "--batch",
                "" + BATCH,
                "--warmup",
                "" + warmup,
                "--steps",
                "" + steps));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new InvalidInputException(
          "--peer torch: " + script + " failed (is torch installed for " + python + "?)");
    }
    return new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
  }
}
