package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Evidence;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.primitives.PrimitiveSuite;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --scorer}, {@code --metric} and {@code --score}: how the commands that train candidates
 * score them.
 */
final class ScoringOptions {
  @Option(
      names = "--scorer",
      description =
          "anneal: the end of the stage as the annealing law predicts it under the stage's own"
              + " schedule (its shared exponent fitted on the bank; it needs two evaluations"
              + " within the lag); last, ema, mean, powerlaw, cooldown(c): the loss after a"
              + " cooldown probe of c steps at the lag, or learned: a regression trained on the"
              + " bank. Default: anneal for the hedged policy (the rule of RESULTS.md chose the"
              + " pair on twenty-seven studies), last for any other.")
  String scorer;

  @Option(
      names = "--bank",
      paramLabel = "DIR",
      description =
          "Earlier studies (every study below DIR): the learned scorer trains on them, the"
              + " annealing law fits its shared exponent on them, their operators' mean final"
              + " ranks break ties, and they calibrate each pick's confidence. Default: lag's own"
              + " bank/ (the horizon studies of RESULTS.md); none for no bank.")
  Path bank;

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

  /**
   * What a selection weighs: the scorer, the loss and the bank (lag's own unless given).
   *
   * @param policy the selection's policy as written, which sets the default scorer; null for none
   */
  Evidence evidence(String policy) {
    String name = scorer != null ? scorer : Evidence.defaultScorer(policy);
    if (bank != null && bank.toString().equals("none")) {
      return new Evidence(name, metric(), null, false, "--");
    }
    StudyBank b = bank == null ? Evidence.shippedBank() : StudyBank.load(bank);
    return new Evidence(name, metric(), b, bank == null, "--");
  }

  /**
   * The run, measuring the primitives at every evaluation when the score reads them (or when {@code
   * always}) and the config has not set how many prompts.
   */
  RunConfig measuring(RunConfig run, boolean always) {
    return always || metric().needsPrimitives() ? run.measuringPrimitives() : run;
  }
}
