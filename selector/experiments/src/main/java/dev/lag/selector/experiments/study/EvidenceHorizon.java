package dev.lag.selector.experiments.study;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.selector.Prior;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Predicate;

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
    List<TrustHorizon.Row> rows = rows(studies, scorer, schedule::equals);
    // Every candidate pays its cooldown probe at the lag, the winner too.
    int probe = probeSteps(studies, scorer);
    long affordable =
        Math.max(
            0,
            (long) Math.floor((budget * stage - candidates * probe) / Math.max(1, candidates - 1)));
    String paid = probe > 0 ? ", cooldown probes included" : "";
    if (rows.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "evidence: the bank holds no study under schedule %s; an affordable lag here is at most"
              + " %d steps (%.1f stages of one candidate for %d candidates%s)",
          schedule,
          affordable,
          budget,
          candidates,
          paid);
    }
    TreeMap<Long, String> byStage = new TreeMap<>();
    for (TrustHorizon.Row row : rows) {
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
            + " steps (%.1f stages of one candidate for %d candidates%s)",
        scorer.name(),
        schedule,
        String.join("; ", byStage.values()),
        stage,
        affordable,
        budget,
        candidates,
        paid);
  }

  /**
   * What picking on evidence would take, in one line for people: the regime of the bank (stage
   * length and schedule, any of them, not only the user's) where reading the scorer at its trust
   * horizon costs least, that cost against the budget (cooldown probes included), and how much
   * longer than the user's that regime's stages are. A horizon is a property of its regime: the
   * horizon study found it neither a fixed number of steps nor a fixed share of the stage, so a
   * regime's horizon is not mapped onto the user's stage. A horizon at the stage's very end is no
   * early evidence: reading there means training every candidate through the stage.
   *
   * @param studies the bank's studies
   * @param scorer the scorer, made for each study from the others
   * @param stage the user's stage length in steps
   * @param candidates how many candidates the user's selection has
   * @param budget the affordable overhead, in stages of one candidate
   */
  public static String cost(
      List<BankStudy> studies, ScorerRecipe scorer, long stage, int candidates, double budget) {
    int probe = probeSteps(studies, scorer);
    TrustHorizon.Row cheapest = null;
    boolean atTheEnd = false;
    for (TrustHorizon.Row row : rows(studies, scorer, s -> true)) {
      atTheEnd |= row.horizon() == row.stage();
      if (row.horizon() >= 0
          && row.horizon() < row.stage()
          && (cheapest == null
              || overhead(row, candidates, probe) < overhead(cheapest, candidates, probe))) {
        cheapest = row;
      }
    }
    int others = Math.max(1, candidates - 1);
    if (cheapest == null) {
      // Past the stage's end there is nothing to read: one run's own final can sit more than a
      // seed-noise SD from the seed-averaged order, and only more seeds per candidate narrow it.
      return String.format(
          Locale.ROOT,
          "what it would take: in no regime of the bank (%s) does the %s score of one run pick"
              + " within 1 seed-noise SD (worst case) before the stage ends%s; reading every"
              + " candidate there means training all %d through the stage: %d stages of one"
              + " candidate, %.0fx the budget of %.1f",
          studies(studies.size()),
          scorer.name(),
          atTheEnd ? "" : ", nor at its end (several seeds per candidate would be needed)",
          candidates,
          others,
          others / budget,
          budget);
    }
    double overhead = overhead(cheapest, candidates, probe);
    return String.format(
        Locale.ROOT,
        "what it would take: the bank saw the %s score pick within 1 seed-noise SD (worst case)"
            + " from step %d of %d-step %s stages (%.0f%% of the stage, %s); reading %d candidates"
            + " there costs %.2f stages of one candidate%s, %.1fx the budget of %.1f, in stages"
            + " %s the %d steps here",
        scorer.name(),
        cheapest.horizon(),
        cheapest.stage(),
        cheapest.schedule(),
        100 * share(cheapest),
        studies(cheapest.studies()),
        candidates,
        overhead,
        probe > 0 ? " (cooldown probes included)" : "",
        overhead / budget,
        budget,
        cheapest.stage() == stage
            ? "as long as"
            : java.math.BigDecimal.valueOf(Math.round(100.0 * cheapest.stage() / stage) / 100.0)
                    .stripTrailingZeros()
                    .toPlainString()
                + "x",
        stage);
  }

  /**
   * Reading every candidate at a regime's horizon, in stages of one candidate: every candidate but
   * the winner trains to the lag for nothing, and each takes its cooldown probe there.
   */
  private static double overhead(TrustHorizon.Row row, int candidates, int probe) {
    return ((candidates - 1) * (double) row.horizon() + candidates * (double) probe) / row.stage();
  }

  /** The cooldown probe the scorer reads, in steps (0 for none). */
  private static int probeSteps(List<BankStudy> studies, ScorerRecipe scorer) {
    for (BankStudy study : studies) {
      Scorer s = scorer.make().apply(study, studies.stream().filter(o -> o != study).toList());
      if (s != null) {
        return s.cooldownSteps();
      }
    }
    return 0;
  }

  /**
   * The bank's studies as picks among a user's pool would see them: each study that ran every
   * operator of the pool, restricted to those ({@link BankStudy#withPool}). A pool's picks can be
   * right where the full pool's are wrong, and the reverse.
   *
   * @param studies the bank's studies
   * @param pool the user's candidates' growth specs
   */
  public static List<BankStudy> among(List<BankStudy> studies, List<String> pool) {
    return studies.stream()
        .filter(s -> s.growth().values().containsAll(pool))
        .map(s -> s.withPool(pool))
        .toList();
  }

  /** The trust horizon of the scorer per schedule and stage length, over the studies kept. */
  private static List<TrustHorizon.Row> rows(
      List<BankStudy> studies, ScorerRecipe scorer, Predicate<String> schedule) {
    SelectionBenchmark bench = new SelectionBenchmark(Prior.DEFAULT);
    List<TrustHorizon.Entry> entries = new ArrayList<>();
    for (BankStudy study : studies) {
      String own = study.config().getOrDefault("schedule", "cosine");
      if (!schedule.test(own)) {
        continue;
      }
      long[] lags = lags(study.finalStep());
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
    return TrustHorizon.of(entries);
  }

  /**
   * Growth, then rungs doubling from 20 steps, then the stage's end: where the horizon study
   * judged, extended to any stage length (the bank's studies log an evaluation every 20 steps).
   */
  static long[] lags(long stage) {
    java.util.stream.LongStream.Builder lags = java.util.stream.LongStream.builder().add(0);
    for (long k = HorizonReport.RUNGS.get(1); k < stage; k *= 2) {
      lags.add(k);
    }
    return lags.add(stage).build().toArray();
  }

  private static double share(TrustHorizon.Row row) {
    return (double) row.horizon() / row.stage();
  }

  private static String studies(int n) {
    return n + (n == 1 ? " study" : " studies");
  }
}
