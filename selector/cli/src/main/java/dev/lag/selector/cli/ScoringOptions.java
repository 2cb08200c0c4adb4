package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.learn.LeastSquaresRegressor;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.trajectory.Metric;
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
      defaultValue = "last",
      description =
          "last, ema, mean, powerlaw, cooldown(c): the loss after a cooldown probe of c steps"
              + " at the lag, or learned: a regression trained on the --bank (default"
              + " ${DEFAULT-VALUE}).")
  String scorer;

  @Option(
      names = "--bank",
      paramLabel = "DIR",
      description =
          "Earlier studies (every study.json below DIR): the learned scorer trains on them, and"
              + " their operators' mean final ranks break ties instead of the default prior.")
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

  /** The scorer; {@code learned} trains on the bank (least squares). */
  Scorer scorer() {
    if (scorer.trim().equals("learned")) {
      if (bank == null) {
        throw InvalidInputException.field(
            "--scorer", scorer, "needs earlier studies to learn from (--bank DIR)");
      }
      return Scorers.byName(
          scorer, metric(), StudyBank.load(bank).trajectories(), new LeastSquaresRegressor());
    }
    return Scorers.byName(scorer, metric());
  }

  /**
   * The bank that calibrates a pick's confidence, fitted with the selection's own scorer; null
   * without {@code --bank}.
   */
  BankCalibration calibration(Scorer selectionScorer) {
    // A learned scorer was fitted on this bank: judged on it again, it would look better than it
    // is.
    return bank == null || selectionScorer.name().equals("learned")
        ? null
        : new BankCalibration(StudyBank.load(bank).studies(), (study, others) -> selectionScorer);
  }

  /**
   * What breaks ties: the bank's measured order when one is given (it must have run every operator
   * of the pool), else the documented default.
   */
  Prior prior(Pool pool) {
    if (bank == null) {
      return Prior.DEFAULT;
    }
    StudyBank b = StudyBank.load(bank);
    List<String> specs = new ArrayList<>();
    pool.forEach(c -> specs.add(c.growth()));
    b.checkCovers(specs);
    return Prior.of(b);
  }

  /**
   * The run, measuring the primitives at every evaluation when the score reads them (or when {@code
   * always}) and the config has not set how many prompts.
   */
  RunConfig measuring(RunConfig run, boolean always) {
    return always || metric().needsPrimitives() ? run.measuringPrimitives() : run;
  }
}
