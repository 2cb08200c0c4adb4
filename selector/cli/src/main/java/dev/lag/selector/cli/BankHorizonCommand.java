package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.selector.Evidence;
import dev.lag.selector.experiments.study.EvidenceHorizon;
import dev.lag.selector.experiments.study.HorizonReport;
import dev.lag.selector.experiments.study.TrustHorizon;
import dev.lag.strategies.GrowthOperators;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lag bank horizon}: before a user spends a lag, when the bank saw early evidence become
 * right (the trust horizon of a scorer in every regime it measured) and whether reading it there
 * fits the user's budget. The horizon study's question, asked of the bank for the user's stage;
 * {@code lag demo} prints the same two closing lines for its own config.
 */
@Command(
    name = "horizon",
    mixinStandardHelpOptions = true,
    header = "When the bank saw early evidence become right, and what reading it would cost you.",
    description = {
      "For every regime of the bank (stage length and schedule): the trust horizon of the scorer,"
          + " the first lag from which one run's score picked within 1 seed-noise SD of the"
          + " best (by every candidate's final, averaged over the study's seeds) on every study"
          + " of the regime, at every lag measured after it; and what reading every candidate"
          + " there costs, in stages of one candidate. Then whether a lag at your stage fits"
          + " the budget, and the regime where picking on evidence costs least. Each study is"
          + " picked among the candidates it grew with your pool's operators. Reads the bank"
          + " only: no training."
    })
final class BankHorizonCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BankStageOptions stageOptions;

  @Option(
      names = "--pool",
      split = ",",
      paramLabel = "SPEC",
      description = "Your pool's operators (default: every depth operator, lag select's pool).")
  List<String> pool;

  @Option(
      names = "--budget",
      paramLabel = "STAGES",
      defaultValue = "" + HorizonReport.BUDGET,
      description =
          "The overhead you would spend on choosing, in stages of one candidate (default"
              + " ${DEFAULT-VALUE}, the budget of the rule that chose lag's defaults).")
  double budget;

  /** The scorer and bank a selection would read: the same options as lag select's. */
  @Mixin ScoringOptions scoring;

  @Override
  public Integer call() {
    stageOptions.check();
    long stage = stageOptions.stage;
    String schedule = stageOptions.schedule;
    if (!(budget > 0 && budget <= 100)) {
      throw InvalidInputException.field("--budget", Double.toString(budget), "must be in (0, 100]");
    }
    List<String> ops = pool == null ? GrowthOperators.depthOperators() : pool;
    BankStageOptions.checkOperators(ops);
    if (ops.size() < 2) {
      throw InvalidInputException.field("--pool", String.join(",", ops), "name two or more");
    }
    Evidence evidence = scoring.evidence(Evidence.EVIDENCE_POLICY);
    if (evidence.bank() == null) {
      throw InvalidInputException.field("--bank", "none", "a horizon is read from a bank");
    }
    if (evidence.calibration() == null) { // the learned scorer, as lag bank track says
      throw InvalidInputException.field(
          "--scorer", evidence.scorer(), "is trained on the whole bank: it has no held-out record");
    }
    List<BankStudy> studies = EvidenceHorizon.among(evidence.bank().studies(), ops);
    if (studies.isEmpty()) {
      throw InvalidInputException.field(
          "--pool", String.join(",", ops), "no study of the bank ran every one of these operators");
    }
    EvidenceHorizon horizon = EvidenceHorizon.of(evidence.bank(), studies, evidence.recipe());
    int k = ops.size();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "scorer %s; %d of the bank's %d studies ran every operator of the pool (%d candidates);"
            + " regret in seed-noise SDs, one run's pick against the finals averaged over the"
            + " study's seeds.%n%n",
        evidence.scorer(),
        studies.size(),
        evidence.bank().studies().size(),
        k);
    printTable(out, horizon, k);
    out.println();
    out.println(horizon.summary(schedule, stage, k, budget));
    out.println(horizon.cost(stage, k, budget));
    return 0;
  }

  /** One row per regime of the bank, by stage length and schedule. */
  private static void printTable(PrintWriter out, EvidenceHorizon horizon, int k) {
    out.println(
        "| stage | schedule | studies | trust horizon | share of stage | reading "
            + k
            + " candidates there (stages of one) | worst regret at the stage's end |");
    out.println("|---|---|---|---|---|---|---|");
    List<TrustHorizon.Row> rows =
        horizon.rows().stream()
            .sorted(
                Comparator.comparingLong(TrustHorizon.Row::stage)
                    .thenComparing(TrustHorizon.Row::schedule))
            .toList();
    for (TrustHorizon.Row row : rows) {
      boolean found = row.horizon() >= 0;
      out.printf(
          Locale.ROOT,
          "| %d | %s | %d | %s | %s | %s | %s |%n",
          row.stage(),
          row.schedule(),
          row.studies(),
          found ? Long.toString(row.horizon()) : "not found",
          found ? String.format(Locale.ROOT, "%.0f%%", 100.0 * row.horizon() / row.stage()) : "-",
          found ? String.format(Locale.ROOT, "%.2f", horizon.overhead(row, k)) : "-",
          atTheEnd(row));
    }
  }

  /**
   * The worst regret of one run's score at the stage's end: the floor of every lag, since above 1
   * SD there no reading of one run can be trusted anywhere; "-" for a scorer with no reading there
   * (a cooldown probe would run past the stage).
   */
  private static String atTheEnd(TrustHorizon.Row row) {
    Double worst = row.worst().get(row.stage());
    return worst == null || worst.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", worst);
  }
}
