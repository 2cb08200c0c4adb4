package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.trajectory.Metric;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --scorer} and {@code --metric}: how the commands that train candidates score them. */
final class ScoringOptions {
  @Option(
      names = "--scorer",
      defaultValue = "last",
      description = "last, ema, mean or powerlaw (default ${DEFAULT-VALUE}).")
  String scorer;

  @Option(
      names = "--metric",
      defaultValue = "eval",
      description = "train or eval (default ${DEFAULT-VALUE}).")
  String metric;

  Metric metric() {
    return Metric.parse(metric);
  }

  /** The scorer; {@code learned} needs earlier studies, which only {@code lag analyze} takes. */
  Scorer scorer() {
    if (scorer.equals("learned")) {
      throw InvalidInputException.field(
          "--scorer", scorer, "needs earlier studies; use lag analyze --train-on");
    }
    return Scorers.byName(scorer, metric(), List.of());
  }
}
