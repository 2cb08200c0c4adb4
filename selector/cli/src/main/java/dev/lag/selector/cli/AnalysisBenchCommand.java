package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.bench.AnalysisBenchmark;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.scoring.PowerLawScorer;
import dev.lag.analysis.trajectory.Metric;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag bench analysis}: the lag curve's cost on a large pool of synthetic trajectories. */
@Command(
    name = "analysis",
    mixinStandardHelpOptions = true,
    header = "Time the lag curve on 1,000 candidates x 10,000 steps.",
    description = {
      "The lag curve of 1,000 synthetic candidates of 10,000 steps each, with the last-value and the power-law scorer: seconds per lag point."
    })
final class AnalysisBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("building 1,000 candidates x 10,000 steps ...");
    out.flush();
    var last = AnalysisBenchmark.run(1000, 10_000, 12, new LastValueScorer(Metric.TRAIN_LOSS));
    out.printf(
        Locale.ROOT,
        "lag curve of %d candidates x %d steps: %d lag points, %.3f s per lag point (build %.1f s)%n",
        last.candidates(),
        last.steps(),
        last.lagPoints(),
        last.secondsPerLagPoint(),
        last.buildSeconds());
    out.flush();
    var power = AnalysisBenchmark.run(1000, 10_000, 12, new PowerLawScorer(Metric.TRAIN_LOSS, 0.7));
    out.printf(
        Locale.ROOT,
        "with the power-law scorer: %.3f s per lag point%n",
        power.secondsPerLagPoint());
    if (json != null) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode report = mapper.createObjectNode();
      report.set("last", mapper.valueToTree(last));
      report.set("powerlaw", mapper.valueToTree(power));
      AtomicFiles.writeString(json, mapper.writeValueAsString(report));
      out.println("wrote " + json);
    }
    return 0;
  }
}
