package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.trainer.bench.CandidateBatchTimer;
import dev.lag.trainer.bench.CandidateBatchTimer.Timing;
import dev.lag.trainer.bench.MatmulPeak;
import dev.lag.trainer.bench.StepTimer;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.FlopCounter;
import dev.lag.trainer.train.TrainingInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lag bench candidates}: K candidates trained one after another against as one batch. */
@Command(
    name = "candidates",
    mixinStandardHelpOptions = true,
    header = "Wall time of K candidates trained one after another against as one batch.",
    description = {
      "K candidates of one shape train the same steps on the same batches, once one after another (lag's sequential path) and once as one batched model, in alternating order over rounds. Prints the median wall time of each, their ratio, the share of this machine's fp32 matmul peak each reaches, and the largest resident memory sampled while each ran. With --device gpu the candidates train on a GPU (the peak is then the GPU's; the memory is still the host process's)."
    })
final class CandidatesBenchCommand implements Callable<Integer> {
  private static final int BATCH = 16;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Alternations of the two (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--steps",
      defaultValue = "20",
      description = "Steps each candidate trains per measurement (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(names = "--quick", description = "Only the demo's shape and K = 4, one round.")
  boolean quick;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "Where the candidates train: cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() throws IOException {
    if (rounds < 1 || steps < 1) {
      throw new InvalidInputException("--rounds and --steps must be >= 1");
    }
    Engines.device(device); // a GPU that is not there is a user error, before anything runs
    List<GptConfig> shapes =
        List.of(
            new GptConfig(256, 64, 4, 4, 64, 4, true), new GptConfig(256, 128, 4, 4, 128, 4, true));
    List<Integer> ks = List.of(4, 7);
    if (quick) {
      shapes = shapes.subList(0, 1);
      ks = List.of(4);
      rounds = 1;
    }
    System.out.println("measuring the fp32 matmul peak (2048 x 2048) ...");
    double peak = MatmulPeak.gflops(device, 2048, 5);
    System.out.printf(Locale.ROOT, "matmul peak on %s: %.1f GFLOP/s%n", device, peak);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode report = mapper.createObjectNode();
    report.set("provenance", mapper.valueToTree(Engines.provenance(device, 0)));
    report.put("device", device);
    report.put("matmulPeakGflops", peak);
    report.put("batch", BATCH);
    report.put("steps", steps);
    report.put("rounds", rounds);
    ArrayNode rows = report.putArray("rows");
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%-24s %2s %9s %9s %6s %6s %6s %9s %9s%n",
            "shape",
            "K",
            "seq s",
            "batch s",
            "ratio",
            "seq %",
            "bat %",
            "seq MiB",
            "bat MiB"));
    for (GptConfig shape : shapes) {
      TrainingInputs inputs = CandidateBatchTimer.inputs(shape, BATCH);
      for (int k : ks) {
        Row row = measure(shape, inputs, k, peak);
        row.toJson(rows.addObject());
        table.append(row.line());
      }
    }
    System.out.println();
    System.out.print(table);
    System.out.println(
        "ratio = batched / sequential wall time (medians over rounds); < 1 means batching is"
            + " faster. MiB: largest resident set sampled while each ran (the JVM included).");
    if (json != null) {
      AtomicFiles.writeString(json, mapper.writeValueAsString(report));
      System.out.println("wrote " + json);
    }
    return 0;
  }

  /** One shape and pool size: median wall times over the rounds, shares of peak, peak memory. */
  private record Row(
      GptConfig shape,
      int k,
      double seq,
      double bat,
      double flops,
      double peak,
      double seqRss,
      double batRss) {
    void toJson(ObjectNode row) {
      row.put("shape", label(shape));
      row.put("k", k);
      row.put("sequentialSeconds", seq);
      row.put("batchedSeconds", bat);
      row.put("ratio", bat / seq);
      row.put("sequentialShareOfPeak", flops / seq / 1e9 / peak);
      row.put("batchedShareOfPeak", flops / bat / 1e9 / peak);
      row.put("sequentialPeakRssMiB", seqRss);
      row.put("batchedPeakRssMiB", batRss);
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "%-24s %2d %9.2f %9.2f %6.2f %5.0f%% %5.0f%% %9.0f %9.0f%n",
          label(shape),
          k,
          seq,
          bat,
          bat / seq,
          100 * flops / seq / 1e9 / peak,
          100 * flops / bat / 1e9 / peak,
          seqRss,
          batRss);
    }
  }

  /** K candidates of one shape, trained one after another and as one batch, round by round. */
  private Row measure(GptConfig shape, TrainingInputs inputs, int k, double peak) {
    List<Snapshot> starts = CandidateBatchTimer.candidates(shape, BATCH, steps, k, device);
    // Untimed: the first steps of a shape pay for allocation and kernel selection.
    CandidateBatchTimer.sequential(starts.subList(0, 1), inputs, 3);
    CandidateBatchTimer.batched(starts, inputs, 3);
    double[] seq = new double[rounds];
    double[] bat = new double[rounds];
    double seqRss = 0;
    double batRss = 0;
    for (int r = 0; r < rounds; r++) {
      // Alternate which goes first, so that neither always runs on a warmer machine.
      Timing a;
      Timing b;
      if (r % 2 == 0) {
        a = CandidateBatchTimer.sequential(starts, inputs, steps);
        b = CandidateBatchTimer.batched(starts, inputs, steps);
      } else {
        b = CandidateBatchTimer.batched(starts, inputs, steps);
        a = CandidateBatchTimer.sequential(starts, inputs, steps);
      }
      seq[r] = a.seconds();
      bat[r] = b.seconds();
      seqRss = Math.max(seqRss, a.peakRssMiB());
      batRss = Math.max(batRss, b.peakRssMiB());
      System.out.printf(
          Locale.ROOT,
          "round %d  %s K=%d  sequential %.2f s  batched %.2f s%n",
          r + 1,
          label(shape),
          k,
          seq[r],
          bat[r]);
    }
    double flops = FlopCounter.perStep(shape, BATCH) * steps * k;
    return new Row(
        shape, k, StepTimer.median(seq), StepTimer.median(bat), flops, peak, seqRss, batRss);
  }

  private static String label(GptConfig c) {
    return c.layers() + " layers, d " + c.dModel() + ", seq " + c.seqLen();
  }
}
