package dev.lag.selector.experiments.study;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.selector.Prior;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What a bank says about evidence at a stage length, in one line for people: the trust horizon of a
 * scorer (the first lag, in steps, from which its worst regret over the bank's studies stays within
 * one seed-noise SD) at each stage length the bank measured, against the longest lag a selection
 * can afford at the user's stage length.
 */
public final class EvidenceHorizon {
  private EvidenceHorizon() {}

  /**
   * The line.
   *
   * @param studies the bank's studies
   * @param scorer the scorer, made for each study from the others (the annealing law fits its
   *     shared exponent on them)
   * @param schedule the user's schedule, as a config names it: only studies run under it count
   * @param stage the user's stage length in steps
   * @param candidates how many candidates the user's selection has
   * @param budget the affordable overhead, in stages of one candidate
   */
  public static String summary(
      List<BankStudy> studies,
      ScorerRecipe scorer,
      String schedule,
      long stage,
      int candidates,
      double budget) {
    SelectionBenchmark bench = new SelectionBenchmark(Prior.DEFAULT);
    List<TrustHorizon.Entry> entries = new ArrayList<>();
    for (BankStudy study : studies) {
      String own = study.config().getOrDefault("schedule", "cosine");
      if (!own.equals(schedule)) {
        continue;
      }
      long[] lags =
          HorizonReport.RUNGS.stream()
              .mapToLong(Long::longValue)
              .filter(k -> k < study.finalStep())
              .toArray();
      Scorer s = scorer.make().apply(study, studies.stream().filter(o -> o != study).toList());
      if (s == null) {
        continue;
      }
      SelectionBenchmark.Figures f = bench.run(study, List.of(s), lags, List.of());
      for (SelectionBenchmark.ScorerRow r : f.scorers()) {
        entries.add(
            new TrustHorizon.Entry(
                r.scorer(), own, study.finalStep(), study.name(), r.lag(), r.regret()));
      }
    }
    long affordable = (long) Math.floor(budget * stage / Math.max(1, candidates - 1));
    if (entries.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "evidence: the bank holds no study under schedule %s; an affordable lag here is at most"
              + " %d steps (%.1f stages of one candidate for %d candidates)",
          schedule,
          affordable,
          budget,
          candidates);
    }
    TreeMap<Long, String> byStage = new TreeMap<>();
    for (TrustHorizon.Row row : TrustHorizon.of(entries)) {
      byStage.put(
          row.stage(),
          row.horizon() < 0
              ? String.format(
                  Locale.ROOT,
                  "%d-step stages (%s): not within the lags measured",
                  row.stage(),
                  studies(row.studies()))
              : String.format(
                  Locale.ROOT,
                  "%d-step stages (%s): from step %d (%.0f%% of the stage)",
                  row.stage(),
                  studies(row.studies()),
                  row.horizon(),
                  100.0 * row.horizon() / row.stage()));
    }
    return String.format(
        Locale.ROOT,
        "evidence: in the bank, the %s score at the lag picks within 1 seed-noise SD of the best"
            + " (worst case) under %s in %s; an affordable lag at %d-step stages is at most %d"
            + " steps (%.1f stages of one candidate for %d candidates)",
        scorer.name(),
        schedule,
        String.join("; ", byStage.values()),
        stage,
        affordable,
        budget,
        candidates);
  }

  private static String studies(int n) {
    return n + (n == 1 ? " study" : " studies");
  }
}
