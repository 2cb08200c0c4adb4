package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.primitives.PrimitiveSuite;
import picocli.CommandLine.Option;

/**
 * {@code --scorer}, {@code --metric} and {@code --score}: how the commands that train candidates
 * score them.
 */
final class ScoringOptions {
  @Option(
      names = "--scorer",
      defaultValue = "last",
      description =
          "last, ema, mean, powerlaw or cooldown(c): the loss after a cooldown probe of c steps"
              + " at the lag (default ${DEFAULT-VALUE}).")
  String scorer;

  @Option(
      names = "--metric",
      defaultValue = "eval",
      description = "Which loss --score loss reads: train or eval (default ${DEFAULT-VALUE}).")
  String metric;

  @Option(
      names = "--score",
      defaultValue = "loss",
      paramLabel = "loss|primitives|mix(w)",
      description = {
        "What ranks candidates (default ${DEFAULT-VALUE}): the loss, the reasoning-primitive error",
        "rate, or (1-w) x eval loss + w x primitive error rate. Scoring by the primitives",
        "measures them at every evaluation (evalPrimitives, default "
            + PrimitiveSuite.DEFAULT_PROMPTS
            + " prompts per task)."
      })
  String score;

  Metric metric() {
    return score.trim().equals("loss") ? Metric.parse(metric) : parseScore();
  }

  private Metric parseScore() {
    String why = "expected loss, primitives or mix(w)";
    try {
      Metric m = Metric.parse(score);
      if (m.needsPrimitives()) {
        return m;
      }
    } catch (InvalidInputException e) {
      why = score.trim().startsWith("mix(") ? e.getMessage() : why;
    }
    throw InvalidInputException.field("--score", score, why);
  }

  /** The scorer; {@code learned} needs earlier studies, which only {@code lag analyze} takes. */
  Scorer scorer() {
    if (scorer.equals("learned")) {
      throw InvalidInputException.field(
          "--scorer", scorer, "needs earlier studies; use lag analyze --train-on");
    }
    return Scorers.byName(scorer, metric());
  }

  /**
   * The run, measuring the primitives at every evaluation when the score reads them (or when {@code
   * always}) and the config has not set how many prompts.
   */
  RunConfig measuring(RunConfig run, boolean always) {
    return always || metric().needsPrimitives() ? run.measuringPrimitives() : run;
  }
}
