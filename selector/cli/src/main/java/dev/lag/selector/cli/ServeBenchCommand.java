package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.selector.serve.ServeBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag bench serve}: reports per second that lag serve takes from concurrent clients. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Reports per second lag serve takes from concurrent clients.",
    description = {
      "Reports per second lag serve takes from concurrent clients over HTTP (one report per request, and batches of 64), beside the same reports in process through LagService."
    })
final class ServeBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--clients",
      defaultValue = "8",
      description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--quick", description = "200 reports per client instead of 2,000.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    if (clients < 1) {
      throw InvalidInputException.field("--clients", clients, "must be >= 1");
    }
    new ServeBenchmark().run(clients, quick ? 200 : 2000, 64, spec.commandLine().getOut());
    return 0;
  }
}
