package dev.lag.selector.cli;

import dev.lag.selector.Evidence;
import dev.lag.selector.experiments.study.BudgetCurve;
import dev.lag.selector.experiments.study.HorizonReport;
import dev.lag.selector.experiments.study.TrustHorizon;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** {@code lag bench selection --horizon}: the horizon report as Markdown tables. */
final class HorizonTables {
  private HorizonTables() {}

  static void print(HorizonReport r, PrintWriter out) {
    horizon(r, out);
    reliability(r, out);
    hedged(r, out);
    rule(r, out);
  }

  private static void horizon(HorizonReport r, PrintWriter out) {
    TreeSet<Long> lags = new TreeSet<>();
    r.horizon().forEach(row -> lags.addAll(row.worst().keySet()));
    out.println();
    out.println(
        "Trust horizon: worst regret over the studies (mean in brackets), in seed-noise SDs, at"
            + " each lag in steps; the horizon is the first lag from which the worst stays <= 1.");
    out.println();
    StringBuilder head = new StringBuilder("| scorer | schedule | stage | studies |");
    StringBuilder rule = new StringBuilder("|---|---|---|---|");
    for (long k : lags) {
      head.append(" k=").append(k).append(" |");
      rule.append("---|");
    }
    out.println(head.append(" trust horizon |"));
    out.println(rule.append("---|"));
    for (TrustHorizon.Row row : r.horizon()) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %d | %d |",
                  row.scorer(),
                  row.schedule(),
                  row.stage(),
                  row.studies()));
      for (long k : lags) {
        Double w = row.worst().get(k);
        line.append(
            w == null
                ? " - |"
                : String.format(Locale.ROOT, " %.2f (%.2f) |", w, row.mean().get(k)));
      }
      line.append(
          row.horizon() < 0
              ? " none measured |"
              : String.format(
                  Locale.ROOT,
                  " %d steps (%.0f%%) |",
                  row.horizon(),
                  100.0 * row.horizon() / row.stage()));
      out.println(line);
    }
  }

  private static void reliability(HorizonReport r, PrintWriter out) {
    out.println();
    out.println(
        "Reliability of the calibrated picks (every study, replica, lag and evidence;"
            + " leave-one-study-out): claimed probability against the share that came true.");
    bins(r.reliabilityBest(), r.reliabilityWithin(), out);
    for (HorizonReport.StageReliability s : r.reliabilityByStage()) {
      out.println();
      out.printf(Locale.ROOT, "The same, stages of %d steps only:%n", s.stage());
      bins(s.best(), s.within(), out);
    }
  }

  /** The observed share with its interval over study-pools ({@link HorizonReport.Bin}). */
  private static String observed(HorizonReport.Bin bin) {
    if (bin.picks() == 0) {
      return share(bin.observed());
    }
    return share(bin.observed())
        + " ["
        + share(bin.observedLow())
        + ", "
        + share(bin.observedHigh())
        + "]";
  }

  private static void bins(
      List<HorizonReport.Bin> bestBins, List<HorizonReport.Bin> withinBins, PrintWriter out) {
    out.println();
    out.println(
        "| claim | P(best): picks (study-pools) | claimed | observed [90% over study-pools]"
            + " | P(within 1 SD): picks (study-pools) | claimed | observed [90% over study-pools] |");
    out.println("|---|---|---|---|---|---|---|");
    for (int b = 0; b < bestBins.size(); b++) {
      HorizonReport.Bin best = bestBins.get(b);
      HorizonReport.Bin within = withinBins.get(b);
      out.printf(
          Locale.ROOT,
          "| %.1f-%.1f | %d (%d) | %s | %s | %d (%d) | %s | %s |%n",
          best.low(),
          best.high(),
          best.picks(),
          best.studies(),
          share(best.claimed()),
          observed(best),
          within.picks(),
          within.studies(),
          share(within.claimed()),
          observed(within));
    }
  }

  private static void hedged(HorizonReport r, PrintWriter out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "Hedged policy (commit at P(within 1 SD) >= %.2f, keep candidates with P(within) >= %.2f,"
            + " overhead budget %.1f stages): per study, mean over replicas.%n%n",
        HorizonReport.CONFIDENCE,
        HorizonReport.KEEP,
        HorizonReport.BUDGET);
    out.println(
        "| policy and evidence | study | stage | regret | overhead (stages) | mean lag | decided |");
    out.println("|---|---|---|---|---|---|---|");
    for (HorizonReport.HedgedRow h : r.hedged()) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %d | %.2f | %.3f | %.0f | %.2f |%n",
          h.scorer(),
          h.study(),
          h.stage(),
          h.regret(),
          h.overhead(),
          h.lag(),
          h.decided());
    }
  }

  private static void rule(HorizonReport r, PrintWriter out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "The rule (RESULTS.md): affordable = overhead <= %.1f stages of one candidate on the study;"
            + " eligible = affordable on every study (and pool); lowest worst regret, then mean.%n%n",
        HorizonReport.BUDGET);
    rows(r.rule(), r.chosen(), out);
    String current = HorizonReport.defaultLabel(Evidence.DEFAULT_POLICY, Evidence.DEFAULT_SCORER);
    out.println(HorizonReport.defaultVerdict(r.rule(), current));
  }

  /** The rule on the studies whose name contains {@code text}: a test on studies held out. */
  static void heldOut(HorizonReport r, List<String> texts, PrintWriter out) {
    HorizonReport.Verdict v = r.ruleOn(study -> texts.stream().anyMatch(study::contains));
    String text = String.join("' or '", texts);
    out.println();
    out.printf(
        Locale.ROOT,
        "The rule on the %d judged studies whose name contains '%s' (each judged on a model fitted"
            + " to every other study of its pool):%n%n",
        v.studies(),
        text);
    if (v.studies() > 0) {
      rows(v.rows(), v.chosen(), out);
      out.println();
      out.print("Reliability of their calibrated picks:");
      bins(v.reliabilityBest(), v.reliabilityWithin(), out);
    }
  }

  private static void rows(List<HorizonReport.RuleRow> rule, String chosen, PrintWriter out) {
    out.println("| policy | affordable on | worst regret | mean regret | max overhead |");
    out.println("|---|---|---|---|---|");
    int shown = 0;
    for (HorizonReport.RuleRow row : rule) {
      if (row.studies() == 0 || shown++ >= 25) {
        continue;
      }
      out.printf(
          Locale.ROOT,
          "| %s | %d of %d | %.2f | %.2f | %.3f |%n",
          row.policy(),
          row.studies(),
          row.of(),
          row.worst(),
          row.mean(),
          row.overhead());
    }
    out.println();
    out.println("chosen by the rule: " + chosen);
  }

  /** What other budgets buy the hedged policy, by stage length. */
  static void budgets(BudgetCurve curve, PrintWriter out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "What a budget buys: hedged(confidence=%.1f) with %s at each overhead budget (in stages of"
            + " one candidate), regret in seed-noise SDs over the study-pools of each stage length"
            + " (each judged on a calibration fitted to the others); budgets above %.1f fail the"
            + " rule's affordability.%n%n",
        HorizonReport.CONFIDENCE,
        curve.scorer(),
        HorizonReport.BUDGET);
    out.println(
        "| budget | stage | study-pools | worst regret | mean regret | overhead spent | decided |");
    out.println("|---|---|---|---|---|---|---|");
    for (BudgetCurve.Row row : curve.rows()) {
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %.2f | %.2f | %.3f | %.2f |%n",
          row.budget(),
          row.stage(),
          row.studies(),
          row.worst(),
          row.mean(),
          row.overhead(),
          row.decided());
    }
  }

  private static String share(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
