package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.selector.stack.StackConfig;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag demo}: a small adaptive stacking run on the embedded corpus. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A small adaptive stacking run with LAG on the embedded corpus (2 -> 4 -> 6 layers, d 64),",
      "with from-scratch and fixed-operator baselines on the same budget, then its report",
      "(report.html, report.md). A few minutes on 2 cores."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "runs/demo",
      paramLabel = "RUN_DIR",
      description = "Where the records go (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    StackConfig config;
    try (InputStream in = DemoCommand.class.getResourceAsStream("/dev/lag/selector/demo.json")) {
      config = StackConfig.of(new ObjectMapper().readTree(in), List.of());
    }
    int code = StackCommand.run(config, out, new RunnerOptions(), spec.commandLine().getOut());
    if (code != 0) {
      return code;
    }
    spec.commandLine().getOut().println();
    return ReportCommand.write(
        List.of(out),
        "lag demo: adaptive gradual stacking",
        out.resolve("report.html"),
        out.resolve("report.md"),
        null,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
