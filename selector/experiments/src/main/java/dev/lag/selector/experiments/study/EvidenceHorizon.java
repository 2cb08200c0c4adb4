package dev.lag.selector.experiments.study;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.selector.Prior;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * What a bank says about evidence, for people: the trust horizon of a scorer (the first lag, in
 * steps, from which its worst regret over the bank's studies stays within one seed-noise SD) in
 * every regime the bank measured (stage length and schedule), against what a selection can afford
 * at the user's stage; and what picking on evidence would take. Measured once ({@link #of}), read
 * in two lines ({@link #summary}, {@link #cost}).
 */
public final class EvidenceHorizon {
  private final List<TrustHorizon.Row> rows;
  private final String scorer;
  private final int studies;
  private final int probe;

  private EvidenceHorizon(List<TrustHorizon.Row> rows, String scorer, int studies, int probe) {
    this.rows = List.copyOf(rows);
    this.scorer = scorer;
    this.studies = studies;
    this.probe = probe;
  }

  /**
   * The scorer's trust horizon in every regime of the bank, ties broken as {@code lag select}
   * breaks them with the bank (and as {@code lag bench selection} judges them): by the order the
   * other studies measured.
   *
   * @param bank the whole bank, whose other studies break each study's ties
   * @param studies the bank's studies (as the user's pool sees them: {@link #among})
   * @param scorer the scorer, made for each study from the others (the annealing law fits its
   *     shared exponent on them)
   */
  public static EvidenceHorizon of(StudyBank bank, List<BankStudy> studies, ScorerRecipe scorer) {
    return of(studies, scorer, s -> Prior.measuredWithout(bank, s));
  }

  /**
   * The scorer's trust horizon in every regime of {@code studies}, ties broken by {@code ties}.
   *
   * @param studies the studies
   * @param scorer the scorer, made for each study from the others
   * @param ties what breaks the ties of the picks on each study
   */
  public static EvidenceHorizon of(
      List<BankStudy> studies, ScorerRecipe scorer, Function<BankStudy, Prior> ties) {
    SelectionBenchmark bench = new SelectionBenchmark(ties);
    List<TrustHorizon.Entry> entries = new ArrayList<>();
    int probe = 0;
    for (BankStudy study : studies) {
      Scorer s = scorer.make().apply(study, studies.stream().filter(o -> o != study).toList());
      if (s == null) {
        continue;
      }
      probe = s.cooldownSteps();
      String schedule = study.config().getOrDefault("schedule", "cosine");
      SelectionBenchmark.Figures f =
          bench.run(study, List.of(s), lags(study.finalStep()), List.of());
      for (SelectionBenchmark.ScorerRow r : f.scorers()) {
        entries.add(
            new TrustHorizon.Entry(
                r.scorer(), schedule, study.finalStep(), study.name(), r.lag(), r.regret()));
      }
    }
    return new EvidenceHorizon(TrustHorizon.of(entries), scorer.name(), studies.size(), probe);
  }

  /** The scorer's row in every regime of the bank (stage length and schedule), in bank order. */
  public List<TrustHorizon.Row> rows() {
    return rows;
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

  /**
   * The horizon at each stage length the bank measured under the user's schedule, and the longest
   * lag the user's selection can afford.
   *
   * @param schedule the user's schedule, as a config names it: only studies run under it count
   * @param stage the user's stage length in steps
   * @param candidates how many candidates the user's selection has
   * @param budget the affordable overhead, in stages of one candidate
   */
  public String summary(String schedule, long stage, int candidates, double budget) {
    // Every candidate pays its cooldown probe at the lag, the winner too.
    long affordable =
        Math.max(
            0,
            (long) Math.floor((budget * stage - candidates * probe) / Math.max(1, candidates - 1)));
    String afford =
        String.format(
            Locale.ROOT,
            "is at most %d steps (%.1f stages of one candidate for %d candidates%s)",
            affordable,
            budget,
            candidates,
            probe > 0 ? ", cooldown probes included" : "");
    TreeMap<Long, String> byStage = new TreeMap<>();
    for (TrustHorizon.Row row : rows) {
      if (!row.schedule().equals(schedule)) {
        continue;
      }
      byStage.put(
          row.stage(),
          String.format(Locale.ROOT, "%d-step stages (%s): ", row.stage(), studies(row.studies()))
              + (row.horizon() < 0
                  ? "not within the lags measured"
                  : String.format(
                      Locale.ROOT,
                      "from step %d (%.0f%% of the stage)",
                      row.horizon(),
                      100 * share(row))));
    }
    if (byStage.isEmpty()) {
      return "evidence: the bank holds no study under schedule "
          + schedule
          + "; an affordable lag here "
          + afford;
    }
    return String.format(
        Locale.ROOT,
        "evidence: in the bank, the %s score at the lag picks within 1 seed-noise SD of the best"
            + " (worst case) under %s in %s; an affordable lag at %d-step stages %s",
        scorer,
        schedule,
        String.join("; ", byStage.values()),
        stage,
        afford);
  }

  /**
   * What picking on evidence would take: the regime of the bank (stage length and schedule, any of
   * them, not only the user's) where reading the scorer at its trust horizon costs least, that cost
   * against the budget (cooldown probes included), and how much longer than the user's that
   * regime's stages are. A horizon is a property of its regime: the horizon study found it neither
   * a fixed number of steps nor a fixed share of the stage, so a regime's horizon is not mapped
   * onto the user's stage. A horizon at the stage's very end is no early evidence: reading there
   * means training every candidate through the stage.
   *
   * @param stage the user's stage length in steps
   * @param candidates how many candidates the user's selection has
   * @param budget the affordable overhead, in stages of one candidate
   */
  public String cost(long stage, int candidates, double budget) {
    TrustHorizon.Row cheapest = null;
    boolean atTheEnd = false;
    for (TrustHorizon.Row row : rows) {
      atTheEnd |= row.horizon() == row.stage();
      if (row.horizon() >= 0
          && row.horizon() < row.stage()
          && (cheapest == null || overhead(row, candidates) < overhead(cheapest, candidates))) {
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
          studies(studies),
          scorer,
          atTheEnd ? "" : ", nor at its end (several seeds per candidate would be needed)",
          candidates,
          others,
          others / budget,
          budget);
    }
    double overhead = overhead(cheapest, candidates);
    return String.format(
        Locale.ROOT,
        "what it would take: the bank saw the %s score pick within 1 seed-noise SD (worst case)"
            + " from step %d of %d-step %s stages (%.0f%% of the stage, %s); reading %d candidates"
            + " there costs %.2f stages of one candidate%s, %.1fx the budget of %.1f, in stages"
            + " %s the %d steps here",
        scorer,
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
        cheapest.stage() == stage ? "as long as" : times((double) cheapest.stage() / stage),
        stage);
  }

  /**
   * Reading every candidate at a regime's horizon, in stages of one candidate: every candidate but
   * the winner trains to the lag for nothing, and each takes its cooldown probe there.
   *
   * @param row a regime's row, with a horizon ({@link TrustHorizon.Row#horizon} >= 0)
   * @param candidates how many candidates the selection has
   */
  public double overhead(TrustHorizon.Row row, int candidates) {
    return ((candidates - 1) * (double) row.horizon() + candidates * (double) probe) / row.stage();
  }

  /**
   * Growth, then rungs doubling from 20 steps, then the stage's end: where the horizon study
   * judged, extended to any stage length (the bank's studies log an evaluation every 20 steps).
   */
  static long[] lags(long stage) {
    LongStream.Builder lags = LongStream.builder().add(0);
    for (long k = HorizonReport.RUNGS.get(1); k < stage; k *= 2) {
      lags.add(k);
    }
    return lags.add(stage).build().toArray();
  }

  private static double share(TrustHorizon.Row row) {
    return (double) row.horizon() / row.stage();
  }

  /** {@code 8x}, {@code 2.5x}: a ratio to two decimals, without trailing zeros. */
  private static String times(double ratio) {
    return BigDecimal.valueOf(Math.round(100 * ratio) / 100.0).stripTrailingZeros().toPlainString()
        + "x";
  }

  private static String studies(int n) {
    return n + (n == 1 ? " study" : " studies");
  }
}
