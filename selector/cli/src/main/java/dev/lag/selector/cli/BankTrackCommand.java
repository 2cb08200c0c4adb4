package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.confidence.CalibrationVariant;
import dev.lag.analysis.confidence.TrackRecord;
import dev.lag.analysis.schedule.Decay;
import dev.lag.selector.Evidence;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lag bank track}: before a user spends a lag, how the bank's calibrated picks at each lag
 * fared on its studies of the user's stage length and schedule. The question of when early evidence
 * becomes right has a different answer per regime (RESULTS.md, the horizon study), and the bank is
 * dense at some and thin at others; this table shows both.
 */
@Command(
    name = "track",
    mixinStandardHelpOptions = true,
    header = "How calibrated picks at each lag fared on the bank's studies of a stage like yours.",
    description = {
      "For each lag: the bank's studies of the stage's length and schedule (or the nearest regime"
          + " the bank has), each picked at that lag, one replica at a time and among its own"
          + " candidates, by a calibration fitted without it (as lag select fits one for a new"
          + " stage); the P(best) and P(within 1 seed-noise SD) those picks claimed on average,"
          + " how many came true, and their regret in seed-noise SDs. Reads the bank only: no"
          + " training."
    })
final class BankTrackCommand implements Callable<Integer> {
  /** Lags tried where none are given (those shorter than the stage). */
  private static final List<Long> LAGS = List.of(0L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L);

  @Spec CommandSpec spec;

  @Mixin BankStageOptions stageOptions;

  @Option(
      names = "--lags",
      split = ",",
      paramLabel = "K",
      description = "Lags in steps after growth (default: 0,20,40,...,1280 below the stage).")
  List<Long> lags;

  @Option(
      names = "--pool",
      split = ",",
      paramLabel = "SPEC",
      description =
          "Your pool's operators: each study is picked among the candidates it grew with them"
              + " (default: every candidate of each study).")
  List<String> pool = List.of();

  @Option(
      names = "--policy",
      description =
          "The policy whose calibration is used (its lags=, weigh=, spread= arguments; default: "
              + Evidence.EVIDENCE_POLICY
              + ").")
  String policy;

  /** The scorer, loss and bank a selection would read: the same options as lag select's. */
  @Mixin ScoringOptions scoring;

  @Override
  public Integer call() {
    Decay.Kind family = stageOptions.check();
    long stage = stageOptions.stage;
    List<Long> tried = lags != null ? lags : LAGS.stream().filter(k -> k < stage).toList();
    for (long k : tried) {
      if (k < 0 || k >= stage) {
        throw InvalidInputException.field(
            "--lags", Long.toString(k), "must be at least 0 and below the stage (" + stage + ")");
      }
    }
    BankStageOptions.checkOperators(pool);
    String policyText = policy == null ? Evidence.EVIDENCE_POLICY : policy;
    Evidence evidence = scoring.evidence(policyText);
    if (evidence.bank() == null) {
      throw InvalidInputException.field("--bank", "none", "a track record is read from a bank");
    }
    BankCalibration all = evidence.calibration();
    if (all == null) {
      throw InvalidInputException.field(
          "--scorer", evidence.scorer(), "is trained on the whole bank: it has no held-out record");
    }
    BankCalibration calibration =
        all.forStage(new BankCalibration.Regime(stage, family))
            .with(CalibrationVariant.ofName(policyText));
    String scorerName = evidence.scorer();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%s%nscorer %s, calibration of %s; each study picked among %s by a model fitted without"
            + " it.%n%n",
        calibration.regimeCoverage(),
        scorerName,
        policyText,
        pool.isEmpty() ? "its candidates" : "its candidates grown by " + String.join(", ", pool));
    out.println(
        "| lag | share of stage | studies | picks | P(best) claimed | came true | P(within 1 SD)"
            + " claimed | came true | mean regret (SD) | worst regret (SD) |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (long k : tried) {
      Optional<TrackRecord> r = calibration.trackRecord(k, pool);
      // A scorer with nothing to read yet (the annealing law before two evaluations): the pick
      // is the prior's, as lag select makes it.
      boolean priorAlone = r.isEmpty();
      if (priorAlone) {
        r = calibration.priorOnlyTrackRecord(k, pool);
      }
      if (r.isEmpty()) {
        out.printf(Locale.ROOT, "| %d | %.3f | %s |%n", k, share(k), whyNone(calibration));
        continue;
      }
      TrackRecord t = r.get();
      out.printf(
          Locale.ROOT,
          "| %d | %.3f | %d %s%s | %d | %.2f | %d (%.2f) | %.2f | %d (%.2f) | %.2f | %.2f |%n",
          k,
          share(k),
          t.studies(),
          t.regime(),
          priorAlone ? " (prior alone)" : "",
          t.picks(),
          t.claimedBest(),
          t.cameBest(),
          t.cameBest() / (double) t.picks(),
          t.claimedWithin(),
          t.cameWithin(),
          t.cameWithin() / (double) t.picks(),
          t.meanRegret(),
          t.worstRegret());
    }
    return 0;
  }

  /**
   * Why a lag has no record: the pool names too few of the regime's operators (then no lag has
   * one), or too few of the bank's studies have a reading there (a stage no longer than the lag).
   */
  private String whyNone(BankCalibration calibration) {
    if (!pool.isEmpty() && calibration.regimeStudiesGrowing(pool) == 0) {
      return "no study of this regime grew two or more candidates with --pool's operators";
    }
    return "fewer than four of the bank's studies have a reading at this lag";
  }

  private double share(long k) {
    return k / (double) stageOptions.stage;
  }
}
