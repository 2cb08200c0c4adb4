package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Evidence;
import dev.lag.selector.Pool;
import dev.lag.selector.Prior;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.primitives.PrimitiveSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --scorer}, {@code --metric} and {@code --score}: how the commands that train candidates
 * score them.
 */
final class ScoringOptions {
  @Option(
      names = "--scorer",
      // The evidence the rule of RESULTS.md (issue 25) chose with the hedged policy.
      defaultValue = Evidence.ANNEAL,
      description =
          "anneal: the end of the stage as the annealing law predicts it under the stage's own"
              + " schedule (its shared exponent fitted on the bank); last, ema, mean, powerlaw,"
              + " cooldown(c): the loss after a cooldown probe of c steps at the lag, or learned:"
              + " a regression trained on the bank (default ${DEFAULT-VALUE}).")
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

  /** What a selection weighs: the scorer, the loss and the bank (lag's own unless given). */
  Evidence evidence() {
    if (bank != null && bank.toString().equals("none")) {
      return new Evidence(scorer, metric(), null, false, "--");
    }
    StudyBank b = bank == null ? Evidence.shippedBank() : StudyBank.load(bank);
    return new Evidence(scorer, metric(), b, bank == null, "--");
  }

  /** The scorer for the given stage (the annealing law reads its schedule). */
  Scorer scorer(RunConfig stage) {
    return evidence().scorer(stage.train().learningRates());
  }

  /** What breaks ties, for a pool. */
  Prior prior(Pool pool) {
    List<String> specs = new ArrayList<>();
    pool.forEach(c -> specs.add(c.growth()));
    return evidence().prior(specs);
  }

  /**
   * The run, measuring the primitives at every evaluation when the score reads them (or when {@code
   * always}) and the config has not set how many prompts.
   */
  RunConfig measuring(RunConfig run, boolean always) {
    return always || metric().needsPrimitives() ? run.measuringPrimitives() : run;
  }
}
