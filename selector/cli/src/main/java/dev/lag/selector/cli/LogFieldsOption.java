package dev.lag.selector.cli;

import dev.lag.analysis.importers.LogFields;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --field KIND=KEY}: where other frameworks' logs keep the step and the losses. */
final class LogFieldsOption {
  @Option(
      names = "--field",
      paramLabel = "KIND=KEY",
      description =
          "Where other frameworks' logs keep the step, the losses and (in one CSV of many runs)"
              + " the run, e.g. train=train/loss,"
              + " eval=eval/loss, step=_step, candidate=Name (KIND: step, train, eval, candidate)."
              + " Repeatable.")
  List<String> fields = new ArrayList<>();

  /** The fields given, checked. */
  LogFields parse() {
    return LogFields.parse(fields);
  }
}
