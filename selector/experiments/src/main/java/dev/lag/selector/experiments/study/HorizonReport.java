package dev.lag.selector.experiments.study;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.CalibrationVariant;
import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.selector.policy.Policies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The horizon study's verdicts over many studies: the trust horizon of every scorer (raw and
 * calibrated) per schedule and stage length, the calibrated picks' reliability (claimed probability
 * against the share that came true), the hedged policy, and the default the rule of RESULTS.md
 * chooses.
 *
 * @param horizon the trust-horizon table
 * @param reliabilityBest claimed P(best) of the calibrated picks made with the chosen policy's
 *     calibration ({@link CalibrationVariant}), binned, against how often they were
 * @param reliabilityWithin the same for P(within one seed-noise SD of the best)
 * @param hedged the hedged policy, per base scorer and study
 * @param rule every policy the rule weighs, with its figures
 * @param chosen the policy the rule chooses
 * @param ruleEntries what the rule weighs, per policy and judged study (the rows are these, summed
 *     up): enough to weigh a subset of the studies again ({@link #ruleOn})
 * @param picks every calibrated pick, made with each variant of the fit (its scorer's name says
 *     which)
 */
public record HorizonReport(
    List<TrustHorizon.Row> horizon,
    List<Bin> reliabilityBest,
    List<Bin> reliabilityWithin,
    List<HedgedRow> hedged,
    List<RuleRow> rule,
    String chosen,
    List<RuleEntry> ruleEntries,
    List<CalibratedBenchmark.Pick> picks) {

  /** The lags the horizon is measured at, in steps. */
  public static final List<Long> RUNGS = List.of(0L, 20L, 40L, 80L, 160L, 320L, 640L);

  /** The rule's budget: selection overhead in stages of one candidate. */
  public static final double BUDGET = 0.3;

  /** The hedged policy commits at this P(within one seed-noise SD) ... */
  public static final double CONFIDENCE = 0.8;

  /** ... and keeps the candidates whose P(within) is at least this. */
  public static final double KEEP = 0.05;

  /**
   * One bin of a reliability table.
   *
   * @param low the bin's lower edge
   * @param high its upper edge
   * @param picks picks whose claim fell in it
   * @param claimed their mean claimed probability
   * @param observed the share that came true
   * @param studies the judged study-pools those picks are of: picks of one study at several lags
   *     and replicas are not independent, so this, not {@code picks}, says how much a bin has seen
   * @param observedLow the 5th percentile of the observed share over resamples of those study-pools
   *     (each drawn whole, with replacement): how far the share could move with other studies like
   *     them
   * @param observedHigh the 95th percentile of the same
   */
  public record Bin(
      double low,
      double high,
      int picks,
      double claimed,
      double observed,
      int studies,
      double observedLow,
      double observedHigh) {}

  /** Resamples of a bin's study-pools for its interval. */
  static final int CLUSTER_RESAMPLES = 2000;

  /**
   * The reliability table of one stage length's picks: a table pooled over stage lengths can be
   * right on average and wrong in every long stage (RESULTS.md, the calibration by stage length).
   *
   * @param stage the judged studies' stage length in steps
   * @param best claimed P(best) against the share that came true
   * @param within the same for P(within one seed-noise SD of the best)
   */
  public record StageReliability(long stage, List<Bin> best, List<Bin> within) {}

  /** The chosen policy's calibrated picks' reliability, per stage length, shortest first. */
  public List<StageReliability> reliabilityByStage() {
    List<CalibratedBenchmark.Pick> ofChosen = ofVariant(picks, CalibrationVariant.ofName(chosen));
    return ofChosen.stream()
        .map(CalibratedBenchmark.Pick::stage)
        .distinct()
        .sorted()
        .map(
            stage -> {
              List<CalibratedBenchmark.Pick> mine =
                  ofChosen.stream().filter(p -> p.stage() == stage).toList();
              return new StageReliability(stage, bins(mine, true), bins(mine, false));
            })
        .toList();
  }

  /**
   * The hedged policy on one study.
   *
   * @param scorer its evidence
   * @param study the study
   * @param stage its stage length
   * @param schedule its schedule
   * @param regret mean over replicas, in seed-noise SDs
   * @param overhead mean over replicas, in stages of one candidate
   * @param lag mean lag it committed at
   * @param decided share of replicas that reached the confidence asked
   */
  public record HedgedRow(
      String scorer,
      String study,
      long stage,
      String schedule,
      double regret,
      double overhead,
      double lag,
      double decided) {}

  /**
   * A policy the rule weighs.
   *
   * @param policy the policy and its evidence
   * @param studies the studies where it is affordable (overhead within the budget)
   * @param of the studies it was measured on
   * @param worst its worst regret over the affordable studies, in seed-noise SDs
   * @param mean its mean regret over them
   * @param overhead its largest overhead over them, in stages of one candidate
   */
  public record RuleRow(
      String policy, int studies, int of, double worst, double mean, double overhead) {}

  /**
   * One policy on one judged study (a study seen with one pool).
   *
   * @param policy the policy and its evidence
   * @param study the study's name
   * @param regret mean over replicas, in seed-noise SDs
   * @param overhead in stages of one candidate (the largest over replicas for the hedged policy)
   */
  public record RuleEntry(String policy, String study, double regret, double overhead) {}

  /**
   * The rule weighed on the judged studies that {@code keep} accepts (their figures as measured
   * with every study: a held-out study is judged on a model fitted to all the others), with the
   * reliability of their calibrated picks.
   */
  public Verdict ruleOn(Predicate<String> keep) {
    List<RuleEntry> kept = ruleEntries.stream().filter(e -> keep.test(e.study())).toList();
    int studies = (int) kept.stream().map(RuleEntry::study).distinct().count();
    List<RuleRow> rows = ruleRows(kept, studies);
    String chosen = studies == 0 ? null : choose(rows, studies);
    List<CalibratedBenchmark.Pick> theirs =
        ofVariant(picks, CalibrationVariant.ofName(chosen)).stream()
            .filter(p -> keep.test(p.study()))
            .toList();
    return new Verdict(rows, studies, chosen, bins(theirs, true), bins(theirs, false));
  }

  /**
   * What the rule says on some studies.
   *
   * @param rows every policy, best first
   * @param studies the judged studies weighed
   * @param chosen the policy chosen; null with no study
   * @param reliabilityBest the reliability of their calibrated picks' P(best)
   * @param reliabilityWithin the same for P(within one seed-noise SD)
   */
  public record Verdict(
      List<RuleRow> rows,
      int studies,
      String chosen,
      List<Bin> reliabilityBest,
      List<Bin> reliabilityWithin) {}

  /**
   * The studies seen with one pool of candidates ({@link BankStudy#withPool}), and their figures in
   * the same order: everything fitted to a study of it (the calibration, the annealing law's shared
   * exponents, the prior) is fitted on the other studies of the same pool.
   *
   * @param studies every study, seen with this pool
   * @param figures each one's figures from {@link SelectionBenchmark}
   */
  public record PoolStudies(List<BankStudy> studies, List<SelectionBenchmark.Figures> figures) {}

  /**
   * Measures everything over the studies of every pool: a default must hold on every pool it is
   * judged on, so the rule's worst case is over every (study, pool), and a policy is affordable
   * only where it is on each (a lag that fits the budget with 4 candidates may not with 8).
   *
   * @param pools the studies seen with each pool, each judged leave-one-study-out within its pool
   * @param recipes the evidence the calibrated picks weigh
   * @param lags the lags in steps
   */
  public static HorizonReport measure(
      List<PoolStudies> pools, List<ScorerRecipe> recipes, List<Long> lags) {
    long[] ks = lags.stream().mapToLong(Long::longValue).sorted().toArray();
    Tally tally = new Tally();
    List<CalibratedBenchmark.Pick> picks = new ArrayList<>();
    int judged = 0;
    for (PoolStudies pool : pools) {
      judged += pool.figures().size();
      tally.add(pool.figures());
      pool.figures().forEach(tally::fixedLags);
      for (CalibrationVariant variant : CalibrationVariant.WEIGHED) {
        CalibratedBenchmark calibrated = new CalibratedBenchmark(pool.studies(), variant);
        for (ScorerRecipe recipe : recipes) {
          List<CalibratedBenchmark.Pick> mine = calibrated.picks(recipe, ks);
          picks.addAll(mine);
          tally.calibrated(
              "cal:" + CalibratedBenchmark.label(recipe, variant), cooldown(recipe.name()), mine);
          // The look-ahead is weighed with the default fit only: the rule kept it off twice.
          for (boolean lookAhead : variant.equals(CalibrationVariant.DEFAULT) ? BOTH : NOT) {
            tally.hedged(
                recipe.name(),
                variant,
                lookAhead,
                calibrated.hedged(recipe, RUNGS.get(1), CONFIDENCE, KEEP, BUDGET, lookAhead));
          }
        }
      }
    }
    List<RuleRow> rows = ruleRows(tally.rule, judged);
    String chosen = choose(rows, judged);
    List<CalibratedBenchmark.Pick> ofChosen = ofVariant(picks, CalibrationVariant.ofName(chosen));
    return new HorizonReport(
        TrustHorizon.of(tally.entries),
        bins(ofChosen, true),
        bins(ofChosen, false),
        tally.hedgedRows,
        rows,
        chosen,
        tally.rule,
        picks);
  }

  private static final boolean[] BOTH = {false, true};
  private static final boolean[] NOT = {false};

  /**
   * The calibrated picks made with one variant of the fit: the reliability table is of the picks
   * the chosen policy's calibration makes (each pick is made once per variant).
   */
  private static List<CalibratedBenchmark.Pick> ofVariant(
      List<CalibratedBenchmark.Pick> picks, CalibrationVariant variant) {
    return picks.stream()
        .filter(p -> CalibrationVariant.ofName(p.scorer()).equals(variant))
        .toList();
  }

  /** What the tables gather, study by study: lag-curve entries and each policy's figures. */
  private static final class Tally {
    final Map<String, SelectionBenchmark.Figures> byName = new LinkedHashMap<>();
    final List<TrustHorizon.Entry> entries = new ArrayList<>();
    final List<RuleEntry> rule = new ArrayList<>();
    final List<HedgedRow> hedgedRows = new ArrayList<>();

    void add(List<SelectionBenchmark.Figures> figures) {
      figures.forEach(f -> byName.put(f.name(), f));
    }

    /** Every scorer at every fixed lag, and the replayed policies that are not a fixed lag. */
    void fixedLags(SelectionBenchmark.Figures f) {
      for (SelectionBenchmark.ScorerRow r : f.scorers()) {
        entries.add(
            new TrustHorizon.Entry(
                r.scorer(), f.schedule(), f.finalStep(), f.name(), r.lag(), r.regret()));
        double overhead = r.cost() - r.lag() / (double) f.finalStep();
        rule.add(
            new RuleEntry(
                "fixed-lag(k=" + r.lag() + ") " + r.scorer(), f.name(), r.regret(), overhead));
      }
      for (SelectionBenchmark.PolicyRow r : f.policies()) {
        // A replayed fixed lag is the scorer row at that lag, already counted above.
        if (!r.policy().startsWith("fixed-lag(")) {
          String name = r.policy() + ("-".equals(r.scorer()) ? "" : " " + r.scorer());
          rule.add(new RuleEntry(name, f.name(), r.regret(), r.overhead()));
        }
      }
    }

    /** Calibrated picks at fixed lags, their regret averaged per study and lag. */
    void calibrated(String name, int probe, List<CalibratedBenchmark.Pick> picks) {
      Map<String, Map<Long, double[]>> perStudy = new LinkedHashMap<>();
      for (CalibratedBenchmark.Pick p : picks) {
        double[] s =
            perStudy
                .computeIfAbsent(p.study(), x -> new java.util.TreeMap<>())
                .computeIfAbsent(p.lag(), x -> new double[2]);
        s[0] += p.regret();
        s[1]++;
      }
      perStudy.forEach(
          (study, byLag) -> {
            SelectionBenchmark.Figures f = byName.get(study);
            byLag.forEach(
                (k, s) -> {
                  double regret = s[0] / s[1];
                  entries.add(
                      new TrustHorizon.Entry(name, f.schedule(), f.finalStep(), study, k, regret));
                  double overhead =
                      ((f.candidates() - 1.0) * k + f.candidates() * probe) / f.finalStep();
                  rule.add(
                      new RuleEntry("fixed-lag(k=" + k + ") " + name, study, regret, overhead));
                });
          });
    }

    /** The hedged policy per study: mean regret and lag, and its largest overhead. */
    void hedged(
        String scorer,
        CalibrationVariant variant,
        boolean lookAhead,
        List<CalibratedBenchmark.Hedged> races) {
      String label = ruleLabel(hedgedPolicy(lookAhead, variant), scorer);
      Map<String, List<CalibratedBenchmark.Hedged>> byStudy = new LinkedHashMap<>();
      races.forEach(h -> byStudy.computeIfAbsent(h.study(), x -> new ArrayList<>()).add(h));
      byStudy.forEach(
          (study, list) -> {
            SelectionBenchmark.Figures f = byName.get(study);
            double regret = mean(list, CalibratedBenchmark.Hedged::regret);
            hedgedRows.add(
                new HedgedRow(
                    label,
                    study,
                    f.finalStep(),
                    f.schedule(),
                    regret,
                    mean(list, CalibratedBenchmark.Hedged::overhead),
                    mean(list, h -> (double) h.lag()),
                    mean(list, h -> h.decided() ? 1.0 : 0.0)));
            double worstOverhead =
                list.stream().mapToDouble(CalibratedBenchmark.Hedged::overhead).max().orElse(0);
            rule.add(new RuleEntry(label, study, regret, worstOverhead));
          });
    }

    private static <T> double mean(List<T> list, java.util.function.ToDoubleFunction<T> f) {
      return list.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
  }

  private static int cooldown(String scorer) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("cooldown\\((\\d+)\\)").matcher(scorer);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static List<RuleRow> ruleRows(List<RuleEntry> entries, int studies) {
    Map<String, List<RuleEntry>> byPolicy = new LinkedHashMap<>();
    entries.forEach(e -> byPolicy.computeIfAbsent(e.policy(), x -> new ArrayList<>()).add(e));
    List<RuleRow> rows = new ArrayList<>();
    byPolicy.forEach(
        (policy, list) -> {
          List<RuleEntry> affordable =
              list.stream()
                  .filter(e -> e.overhead() <= BUDGET + 1e-9 && Double.isFinite(e.regret()))
                  .toList();
          rows.add(
              new RuleRow(
                  policy,
                  affordable.size(),
                  list.size(),
                  affordable.stream().mapToDouble(RuleEntry::regret).max().orElse(Double.NaN),
                  affordable.stream().mapToDouble(RuleEntry::regret).average().orElse(Double.NaN),
                  affordable.stream().mapToDouble(RuleEntry::overhead).max().orElse(Double.NaN)));
        });
    rows.sort(
        Comparator.comparing((RuleRow r) -> r.studies() < studies)
            .thenComparingDouble(
                r -> Double.isNaN(r.worst()) ? Double.POSITIVE_INFINITY : r.worst())
            .thenComparingDouble(RuleRow::mean));
    return rows;
  }

  /**
   * The rule: among policies affordable on every study (a default must hold at every stage length),
   * the lowest worst regret; within 0.1 SD of it, the lowest mean, then the lowest overhead.
   */
  static String choose(List<RuleRow> rows, int studies) {
    RuleRow chosen = chosenRow(rows, studies);
    if (chosen == null) {
      return "prior";
    }
    // The rule is silent between rows equal on every figure it reads: say so, not pick by order.
    List<String> tied =
        eligible(rows, studies).stream()
            .filter(
                r ->
                    r != chosen
                        && r.worst() == chosen.worst()
                        && r.mean() == chosen.mean()
                        && r.overhead() == chosen.overhead())
            .map(RuleRow::policy)
            .toList();
    return chosen.policy()
        + (tied.isEmpty() ? "" : " (tied on every figure with " + String.join("; ", tied) + ")");
  }

  /**
   * The hedged policy the benchmark replays, as a policy spec: the one {@code lag select} takes
   * (the default's row must carry the default's own text for {@link #defaultVerdict} to find it).
   */
  public static String hedgedPolicy(boolean lookAhead, CalibrationVariant variant) {
    return "hedged(confidence="
        + CONFIDENCE
        + ", budget="
        + BUDGET
        + (lookAhead ? ", lookAhead=true" : "")
        + variant.suffix()
        + ")";
  }

  /** A calibrated policy's row label: the policy, then the scorer its evidence is read by. */
  public static String ruleLabel(String policy, String scorer) {
    return policy + " cal:" + scorer;
  }

  /**
   * The rule's row label of a default: a hedged policy's {@link #ruleLabel}; the prior's own name,
   * as it reads no evidence.
   */
  public static String defaultLabel(String policy, String scorer) {
    return Policies.isHedged(policy) ? ruleLabel(policy, scorer) : policy;
  }

  /** The row the rule chooses ({@link #choose}); null where no policy is eligible. */
  private static RuleRow chosenRow(List<RuleRow> rows, int studies) {
    List<RuleRow> eligible = eligible(rows, studies);
    double bestWorst =
        eligible.stream().mapToDouble(RuleRow::worst).min().orElse(Double.POSITIVE_INFINITY);
    return eligible.stream()
        .filter(r -> r.worst() <= bestWorst + 0.1)
        .min(Comparator.comparingDouble(RuleRow::mean).thenComparingDouble(RuleRow::overhead))
        .orElse(null);
  }

  /** The rows affordable on every one of {@code studies}: a default must hold at every stage. */
  private static List<RuleRow> eligible(List<RuleRow> rows, int studies) {
    return rows.stream().filter(r -> r.studies() == studies && Double.isFinite(r.worst())).toList();
  }

  /** How far the rule's choice must beat the current default's worst regret to replace it. */
  public static final double KEEP_WORST = 0.1;

  /** How far, at a worst within {@link #KEEP_WORST}, it must beat the default's mean regret. */
  public static final double KEEP_MEAN = 0.05;

  /**
   * Whether the default changes: the rule's hysteresis (RESULTS.md, written before the judgement on
   * twenty-eight studies). The current default stays unless the rule's choice beats it by more than
   * {@link #KEEP_WORST} seed-noise SDs of worst regret, or, at a worst within that, by more than
   * {@link #KEEP_MEAN} of mean regret: margins smaller than one more study moves them changed the
   * default five times in six judgements.
   *
   * @param rows the rule's rows, every policy weighed on the same study-pools
   * @param current the current default's row label (policy and evidence, as the rows name it)
   * @return the verdict in one line
   */
  public static String defaultVerdict(List<RuleRow> rows, String current) {
    int studies = rows.stream().mapToInt(RuleRow::of).max().orElse(0);
    RuleRow best = chosenRow(rows, studies);
    RuleRow now =
        eligible(rows, studies).stream()
            .filter(r -> r.policy().equals(current))
            .findFirst()
            .orElse(null);
    String name = best == null ? "prior" : best.policy();
    if (now == null) {
      return "the default changes to "
          + name
          + ": the current default, "
          + current
          + ", is not eligible here";
    }
    if (best == now) {
      return "the default stays: " + current + " is the rule's choice";
    }
    double worse = now.worst() - best.worst();
    double meaner = now.mean() - best.mean();
    boolean changes = worse > KEEP_WORST || (worse >= -KEEP_WORST && meaner > KEEP_MEAN);
    return String.format(
        Locale.ROOT,
        "%s: the rule's choice regrets %.2f less at worst and %.2f less on average than the current"
            + " default, %s (it changes past %.2f at worst, or %.2f on average at a worst within"
            + " %.2f)",
        changes ? "the default changes to " + name : "the default stays",
        worse,
        meaner,
        current,
        KEEP_WORST,
        KEEP_MEAN,
        KEEP_WORST);
  }

  /**
   * The 5th and 95th percentiles of a bin's observed share over resamples of its study-pools, each
   * drawn whole (a cluster bootstrap: picks of one study are not independent). NaN with no picks.
   *
   * @param studies per study-pool, its picks in the bin and how many came true
   * @param seed the resamples' seed (the bin's index: the same table gives the same interval)
   */
  static double[] clusterInterval(List<int[]> studies, long seed) {
    if (studies.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] shares = new double[CLUSTER_RESAMPLES];
    for (int r = 0; r < shares.length; r++) {
      int picks = 0;
      int right = 0;
      for (int i = 0; i < studies.size(); i++) {
        int[] s = studies.get(random.nextInt(studies.size()));
        picks += s[0];
        right += s[1];
      }
      shares[r] = right / (double) picks;
    }
    java.util.Arrays.sort(shares);
    return new double[] {
      shares[(int) Math.floor(0.05 * (shares.length - 1))],
      shares[(int) Math.ceil(0.95 * (shares.length - 1))]
    };
  }

  /**
   * A reliability table: picks binned by their claimed P(best) ({@code best}) or P(within one
   * seed-noise SD), against the share that came true.
   */
  public static List<Bin> bins(List<CalibratedBenchmark.Pick> picks, boolean best) {
    List<Bin> out = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      double low = b / 5.0;
      double high = (b + 1) / 5.0;
      double claimed = 0;
      double observed = 0;
      int n = 0;
      // Per study-pool: picks in the bin and how many came true.
      Map<String, int[]> studies = new java.util.TreeMap<>();
      for (CalibratedBenchmark.Pick p : picks) {
        double claim = best ? p.pBest() : p.pWithin();
        if (claim >= low && (claim < high || (b == 4 && claim <= 1))) {
          boolean right = best ? p.best() : p.within();
          claimed += claim;
          observed += right ? 1 : 0;
          n++;
          int[] s = studies.computeIfAbsent(p.study(), x -> new int[2]);
          s[0]++;
          s[1] += right ? 1 : 0;
        }
      }
      double[] interval = clusterInterval(List.copyOf(studies.values()), b);
      out.add(
          new Bin(
              low,
              high,
              n,
              n == 0 ? Double.NaN : claimed / n,
              n == 0 ? Double.NaN : observed / n,
              studies.size(),
              interval[0],
              interval[1]));
    }
    return out;
  }
}
