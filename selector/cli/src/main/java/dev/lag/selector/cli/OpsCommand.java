package dev.lag.selector.cli;

import dev.lag.strategies.GrowthOperators;
import dev.lag.strategies.Modifiers;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lag ops}: the growth operators, their parameters and sources. */
@Command(
    name = "ops",
    mixinStandardHelpOptions = true,
    header = "List the growth operators with their parameters and sources.",
    description = {"List the growth operators with their parameters and sources."})
final class OpsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (GrowthOperators.Entry e : GrowthOperators.all()) {
      String params = e.parameters().isEmpty() ? "" : "(" + String.join(", ", e.parameters()) + ")";
      out.printf(
          Locale.ROOT,
          "%-14s %s%n%-14s   %s%n",
          e.name() + params,
          e.description(),
          "",
          e.citation());
    }
    out.println();
    out.println("Modifiers, for any operator: " + String.join(", ", Modifiers.KEYS));
    out.println(
        "  optimizer=copy|reset  copy each source layer's AdamW moments to its copies, or start at zero (default reset)");
    out.println(
        "  keepStep=true|false   keep the AdamW step count for bias correction (default false)");
    out.println(
        "  noise=S               add N(0, (S x RMS)^2) to every copy of a layer (default 0)");
    out.println(
        "  rewarmup=N            learning-rate warm-up steps after growth (default: the config's warmup)");
    out.println("  seed=N                seed of new layers and noise (default 0)");
    out.println(
        "  freeze=N              MSLT: train only the grown layers, final norm and untied head for N steps");
    out.println(
        "  ramp=N                MSG: blend each grown layer in, x + m (block(x) - x), m from 0 to 1 over N steps");
    out.println(
        "Example: lag grow --from RUN/checkpoint --op 'midas(b=1, optimizer=copy, noise=0.01)' --depth 4 --out grown");
    return 0;
  }
}
