package dev.lag.analysis.confidence;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.schedule.Decay;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * An {@link EvidenceModel} per lag, fitted on a bank's studies: each study's picks at the lag (its
 * candidates' scores, one replica at a time) against its replica-averaged finals, with the prior
 * each operator's mean final measured on the <em>other</em> studies of the bank (so that the fit
 * sees the prior as a new study will). Scores and finals are in each study's seed-noise units; a
 * new pick's scores are read in the bank's median seed noise, the unit a user with one run lacks.
 *
 * <p>For a stage whose length and schedule are known ({@link #forStage}), the prior is measured on
 * the bank's studies nearest that regime ({@link Regime#distance}), and every study's prior in the
 * fit on the studies nearest its own: the best operator changes with the stage length, so a prior
 * averaged over every regime misleads the one it is used in (RESULTS.md, the tenth study). How the
 * fit reads and weighs the studies for that stage is its {@link CalibrationVariant}: at the same
 * step or the same share of their stage, counting alike or by their regime's distance.
 */
public final class BankCalibration {
  private final List<BankStudy> studies;
  private final BiFunction<BankStudy, List<BankStudy>, Scorer> scorers;
  private final Regime target;
  private final CalibrationVariant variant;
  private final Map<BankStudy, Truth> truths = new LinkedHashMap<>();
  private final Map<Long, Optional<EvidenceModel>> models = new HashMap<>();
  private final Map<Long, Map<BankStudy, List<Outcome>>> outcomes = new HashMap<>();
  private Optional<EvidenceModel> priorOnly;
  private Map<BankStudy, List<Outcome>> priorOutcomes;
  private final Map<RecordKey, Optional<TrackRecord>> records = new HashMap<>();

  /**
   * @param studies the bank's studies
   * @param scorers the scorer for a study, given the other studies it may learn from (null: it
   *     cannot score that study)
   */
  public BankCalibration(
      List<BankStudy> studies, BiFunction<BankStudy, List<BankStudy>, Scorer> scorers) {
    this(studies, scorers, null, CalibrationVariant.DEFAULT);
  }

  private BankCalibration(
      List<BankStudy> studies,
      BiFunction<BankStudy, List<BankStudy>, Scorer> scorers,
      Regime target,
      CalibrationVariant variant) {
    this.studies = List.copyOf(studies);
    this.scorers = scorers;
    this.target = target;
    this.variant = variant;
    studies.forEach(s -> truths.put(s, Truth.of(s)));
  }

  /** The same bank calibrated for a stage of this regime: priors from the nearest regimes. */
  public BankCalibration forStage(Regime stage) {
    return new BankCalibration(studies, scorers, stage, variant);
  }

  /**
   * The same bank with its models fitted as {@code variant} says: each study read at the lag its
   * {@link LagScale} maps k to, each counting as its {@link StudyWeights} say. Both non-default
   * choices need the stage's regime ({@link #forStage} first).
   *
   * @throws dev.lag.analysis.InvalidInputException for a variant that needs a stage it lacks
   */
  public BankCalibration with(CalibrationVariant variant) {
    if (variant.needsStage() && target == null) {
      String field;
      String value;
      String what;
      if (variant.lags() == LagScale.FRACTION) {
        field = "lags";
        value = variant.lags().spelling();
        what = "a share of the stage";
      } else if (variant.weigh() == StudyWeights.REGIME) {
        field = "weigh";
        value = variant.weigh().spelling();
        what = "weighing studies by regime";
      } else {
        field = "spread";
        value = variant.spread().spelling();
        what = "a spread measured in the stage's regime";
      }
      throw dev.lag.analysis.InvalidInputException.field(
          field, value, what + " needs the stage's length and schedule (give the schedule)");
    }
    return new BankCalibration(studies, scorers, target, variant);
  }

  /** The same bank with another {@link LagScale} and the same study weights ({@link #with}). */
  public BankCalibration withLagScale(LagScale scale) {
    return with(new CalibrationVariant(scale, variant.weigh()));
  }

  /** How the models are fitted for the stage. */
  public CalibrationVariant variant() {
    return variant;
  }

  /** How a lag of the stage maps to the bank studies' lags. */
  public LagScale lagScale() {
    return variant.lags();
  }

  /**
   * A stage's regime: its length and its schedule's family ({@code COSINE}, {@code WSD}, ...).
   *
   * @param stageSteps steps in the stage
   * @param family the schedule's family
   */
  public record Regime(long stageSteps, Decay.Kind family) {
    /**
     * A study's regime (its config's schedule; cosine, the trainer's default, where it has none).
     */
    public static Regime of(BankStudy s) {
      return new Regime(
          s.finalStep(), Decay.parse(s.config().getOrDefault("schedule", "cosine")).kind());
    }

    /** The regime of a stage that runs these rates. */
    public static Regime of(LearningRateSchedule stage) {
      return new Regime(stage.total(), stage.decay().kind());
    }

    /**
     * How far apart two regimes are: the octaves between their stage lengths, plus one for another
     * schedule family (a schedule changes the ranking about as much as a stage twice as long).
     */
    public double distance(Regime o) {
      double octaves = Math.abs(Math.log((double) stageSteps / o.stageSteps) / Math.log(2));
      return octaves + (family == o.family ? 0 : 1);
    }

    /** The regime in words: {@code 1600-step wsd}. */
    public String describe() {
      return stageSteps + "-step " + family.name().toLowerCase(Locale.ROOT);
    }
  }

  private static double[] unbox(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The studies of {@code from} nearest {@code to} (all those at the least distance). */
  public static List<BankStudy> nearest(List<BankStudy> from, Regime to) {
    double least =
        from.stream().mapToDouble(s -> Regime.of(s).distance(to)).min().orElse(Double.NaN);
    return from.stream().filter(s -> Regime.of(s).distance(to) <= least + 1e-9).toList();
  }

  /** The studies a prior for a study of regime {@code to} is measured on: nearest, when staged. */
  private List<BankStudy> priorStudies(List<BankStudy> from, Regime to) {
    return target == null ? from : nearest(from, to);
  }

  /**
   * A study's ground truth: each candidate's replica-averaged final in its seed-noise units.
   *
   * @param names the candidates, in pool order
   * @param outcome each one's final, in seed-noise SDs
   * @param noise the study's seed noise
   */
  public record Truth(List<String> names, double[] outcome, double noise) {
    /** The truth of a study. */
    public static Truth of(BankStudy s) {
      List<String> names = new ArrayList<>(s.replicas().keySet());
      double noise =
          LagCurve.seedNoise(names.stream().map(n -> s.finalsByReplica().get(n)).toList());
      double[] y = names.stream().mapToDouble(n -> s.finals().get(n) / noise).toArray();
      return new Truth(names, y, noise);
    }

    /** The best final. */
    public double best() {
      return Arrays.stream(outcome).min().orElse(Double.NaN);
    }
  }

  /** The studies it was fitted on. */
  public List<BankStudy> studies() {
    return studies;
  }

  /**
   * What the bank holds of the stage's regime, in words for a selection record: how many of its
   * studies are of the stage's length and schedule family, or which nearest ones its prior comes
   * from; empty when the stage is unknown. A user at a stage the bank has few studies of should
   * know it: the calibration is right where the bank is dense and over-sure where it is thin
   * (RESULTS.md, the reliability table by stage length).
   */
  public String regimeCoverage() {
    if (target == null || studies.isEmpty()) {
      return "";
    }
    List<BankStudy> near = nearest(studies, target);
    double d = Regime.of(near.get(0)).distance(target);
    String stage = target.describe() + " stage";
    if (d < 1e-9) {
      return String.format(
          Locale.ROOT,
          "%d of the bank's %d studies are of a %s like this one; the prior is theirs",
          near.size(),
          studies.size(),
          stage);
    }
    Regime at = Regime.of(near.get(0));
    return String.format(
        Locale.ROOT,
        "none of the bank's %d studies is of a %s; the prior is from the %d nearest (%s, regime"
            + " distance %.1f; a study of your own regime joins the bank with lag bank import)",
        studies.size(),
        stage,
        near.size(),
        at.describe(),
        d);
  }

  /**
   * The model at lag k of the stage (each study read at the lag {@link #lagScale} maps k to); empty
   * when the bank has too few picks there (a lag past its stages).
   */
  public Optional<EvidenceModel> model(long k) {
    return models.computeIfAbsent(k, this::fit);
  }

  /**
   * The model of a pick made on the prior alone (no score at the lag: a scorer with nothing to read
   * yet): {@code final = a prior + e}, {@code a} and the spread of {@code e} fitted on the bank's
   * studies as {@link #model} fits a lag, the spread out of sample. Empty with fewer than two
   * studies.
   */
  public Optional<EvidenceModel> priorOnly() {
    if (priorOnly == null) {
      Map<BankStudy, List<Outcome>> byStudy = new LinkedHashMap<>();
      for (BankStudy s : studies) {
        List<BankStudy> rest = new ArrayList<>(studies);
        rest.remove(s);
        Truth truth = truths.get(s);
        double[] prior = prior(s, truth.names(), rest);
        double[] none = new double[prior.length];
        byStudy.put(s, List.of(Outcome.centred(prior, none, truth.outcome())));
      }
      priorOutcomes = byStudy;
      priorOnly = calibrated(byStudy);
    }
    return priorOnly;
  }

  private Optional<EvidenceModel> fit(long k) {
    Map<BankStudy, List<Outcome>> byStudy = new LinkedHashMap<>();
    for (BankStudy s : studies) {
      // with() allows a share of the stage only where the stage's length is known.
      LagScale scale = variant.lags();
      long at = scale == LagScale.STEPS ? k : scale.lagIn(k, target.stageSteps(), s.finalStep());
      if (at >= s.finalStep()) {
        continue;
      }
      List<BankStudy> rest = new ArrayList<>(studies);
      rest.remove(s);
      Scorer scorer = scorers.apply(s, rest);
      if (scorer == null) {
        continue;
      }
      Truth truth = truths.get(s);
      double[] prior = prior(s, truth.names(), rest);
      List<Outcome> own = new ArrayList<>();
      for (int r = 0; r < replicas(s); r++) {
        List<Trajectory> runs = runsUpTo(s, at, r, truth.names());
        double[] x = scores(runs, scorer, at, s.finalStep(), truth.noise());
        if (Arrays.stream(x).allMatch(Double::isFinite)) {
          own.add(Outcome.centred(prior, x, truth.outcome(), Twins.of(runs)));
        }
      }
      if (!own.isEmpty()) {
        byStudy.put(s, own);
      }
    }
    outcomes.put(k, byStudy);
    return calibrated(byStudy);
  }

  /**
   * How the model's picks at lag k fared on the bank's studies of the stage's regime (its nearest
   * regime; every study when the stage is unknown), each study picked by a model fitted without it,
   * among the candidates of each study grown by one of {@code operators} (as the user's pick is
   * made among theirs: a claim among four candidates is not a claim among eight). Empty when the
   * bank has fewer than four studies with a reading at k, or no study ran two of the operators.
   *
   * @param k the lag
   * @param operators the pool's growth specs; empty for every candidate of each study
   */
  public Optional<TrackRecord> trackRecord(long k, List<String> operators) {
    return records.computeIfAbsent(
        new RecordKey(false, k, List.copyOf(operators)),
        key -> {
          model(k);
          return trackRecord(outcomes.get(k), k, operators);
        });
  }

  /** The same for picks on the prior alone ({@link #priorOnly}), made at {@code lag}. */
  public Optional<TrackRecord> priorOnlyTrackRecord(long lag, List<String> operators) {
    return records.computeIfAbsent(
        new RecordKey(true, lag, List.copyOf(operators)),
        key -> {
          priorOnly();
          return trackRecord(priorOutcomes, lag, operators);
        });
  }

  /**
   * A track record asked for before: every pick of a selection states one, and a benchmark that
   * replays thousands of selections on one calibration asks for the same few again and again; each
   * refits the model once per study of the regime.
   */
  private record RecordKey(boolean priorOnly, long lag, List<String> operators) {}

  private Optional<TrackRecord> trackRecord(
      Map<BankStudy, List<Outcome>> byStudy, long lag, List<String> operators) {
    // Three studies besides the one picked on: the fewest an out-of-sample spread is measured on.
    if (byStudy == null || byStudy.size() < 4) {
      return Optional.empty();
    }
    List<BankStudy> read = List.copyOf(byStudy.keySet());
    List<BankStudy> regime = target == null ? read : nearest(read, target);
    String words = target == null ? "" : Regime.of(regime.get(0)).describe();
    TrackRecord.Tally tally = new TrackRecord.Tally();
    int pickedOn = 0;
    for (BankStudy s : regime) {
      int[] pool = inPool(s, operators);
      Map<BankStudy, List<Outcome>> others = new LinkedHashMap<>(byStudy);
      others.remove(s);
      Optional<EvidenceModel> model = calibrated(others);
      if (pool.length < 2 || model.isEmpty()) {
        continue;
      }
      pickedOn++;
      for (Outcome all : byStudy.get(s)) {
        Outcome o = all.of(pool);
        tally.add(
            model.get().predict(o.prior(), o.evidence(), o.twins(), tally.picks() + 1L),
            o.outcome());
      }
    }
    return tally.picks() == 0 ? Optional.empty() : Optional.of(tally.record(lag, pickedOn, words));
  }

  /**
   * How many of the bank's studies of the stage's regime (its nearest; every study when the stage
   * is unknown) grew two or more candidates with {@code operators} (every candidate when empty):
   * the studies a track record among those operators can be read on, whatever the lag.
   */
  public int regimeStudiesGrowing(List<String> operators) {
    List<BankStudy> regime = target == null ? studies : nearest(studies, target);
    return (int) regime.stream().filter(s -> inPool(s, operators).length >= 2).count();
  }

  /**
   * The places, in a study's {@link Truth#names} order, of its candidates grown by one of {@code
   * operators} (every candidate when empty).
   */
  private int[] inPool(BankStudy s, List<String> operators) {
    List<String> names = truths.get(s).names();
    return java.util.stream.IntStream.range(0, names.size())
        .filter(
            i ->
                operators.isEmpty()
                    || operators.contains(s.growth().getOrDefault(names.get(i), names.get(i))))
        .toArray();
  }

  /** How much a study counts in the fit for this stage ({@link StudyWeights}). */
  private double weight(BankStudy s) {
    // with() allows weights by regime only where the stage's regime is known; EQUAL reads neither.
    return variant.weigh().weight(Regime.of(s), target);
  }

  /**
   * The model fitted on every study's picks, each study's counting as {@link #weight} says, its
   * residual spread measured out of sample on the held-out studies the variant's {@link
   * ResidualSpread} names.
   */
  private Optional<EvidenceModel> calibrated(Map<BankStudy, List<Outcome>> byStudy) {
    return calibrated(byStudy, this::weight, spreadFrom(byStudy.keySet()));
  }

  /**
   * Which held-out studies' errors measure the spread: every one, or with {@link
   * ResidualSpread#REGIME} those of the stage's nearest regime where there are at least {@link
   * ResidualSpread#FEWEST}.
   */
  private Predicate<BankStudy> spreadFrom(Set<BankStudy> read) {
    if (variant.spread() == ResidualSpread.POOLED || target == null || read.isEmpty()) {
      return s -> true;
    }
    List<BankStudy> regime = nearest(List.copyOf(read), target);
    if (regime.size() < ResidualSpread.FEWEST) {
      return s -> true;
    }
    // By identity: a study's record hashes every curve it holds.
    Set<BankStudy> own = Collections.newSetFromMap(new IdentityHashMap<>());
    own.addAll(regime);
    return own::contains;
  }

  private static Optional<EvidenceModel> calibrated(
      Map<BankStudy, List<Outcome>> byStudy,
      ToDoubleFunction<BankStudy> weight,
      Predicate<BankStudy> spreadFrom) {
    List<Outcome> all = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    byStudy.forEach(
        (s, own) -> {
          all.addAll(own);
          own.forEach(o -> weights.add(weight.applyAsDouble(s)));
        });
    EvidenceModel fitted = EvidenceModel.fit(all, unbox(weights));
    if (fitted == null) {
      return Optional.empty();
    }
    double outOfSample = outOfSampleSd(byStudy, weight, spreadFrom);
    EvidenceModel model =
        Double.isFinite(outOfSample) ? fitted.withResidualSd(outOfSample) : fitted;
    return Optional.of(model);
  }

  /**
   * The spread of a study's finals around what a model fitted on the other studies predicted (in
   * units of each pick's {@link EvidenceModel#scale}): the error a new study meets. A residual in
   * the fit's own studies is smaller (an operator's effect on those studies is in the prior that
   * predicts them), and a confidence drawn with it claims too much on the next study. NaN with
   * fewer than three studies.
   *
   * @param spreadFrom the held-out studies whose errors count (each still predicted by a model
   *     fitted on every other study)
   */
  private static double outOfSampleSd(
      Map<BankStudy, List<Outcome>> byStudy,
      ToDoubleFunction<BankStudy> weight,
      Predicate<BankStudy> spreadFrom) {
    if (byStudy.size() < 3) {
      return Double.NaN;
    }
    double sq = 0;
    double n = 0;
    for (Map.Entry<BankStudy, List<Outcome>> held : byStudy.entrySet()) {
      if (!spreadFrom.test(held.getKey())) {
        continue;
      }
      List<Outcome> others = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      byStudy.forEach(
          (s, o) -> {
            if (s != held.getKey()) {
              others.addAll(o);
              o.forEach(x -> weights.add(weight.applyAsDouble(s)));
            }
          });
      EvidenceModel m = EvidenceModel.fit(others, unbox(weights));
      if (m == null) {
        continue;
      }
      // A held-out study's squared errors count as much as the study counts in the fit: the
      // spread a stage of this regime meets, not the bank's average.
      double w = weight.applyAsDouble(held.getKey());
      for (Outcome pick : held.getValue()) {
        Outcome o = pick.distinct(); // as the fit counts it: each model once
        double unit = EvidenceModel.scale(o.prior());
        for (int c = 0; c < o.outcome().length; c++) {
          double r =
              (o.outcome()[c]
                      - m.priorWeight() * o.prior()[c]
                      - m.evidenceWeight() * o.evidence()[c])
                  / unit;
          if (Double.isFinite(r)) {
            sq += w * r * r;
            n += w;
          }
        }
        n -= w; // a centred pick of K candidates has K - 1 free residuals
      }
    }
    return n > 0 ? Math.sqrt(sq / n) : Double.NaN;
  }

  /**
   * The prior the bank gives a pool: each operator's centred final in seed-noise SDs, averaged over
   * the studies of {@code from} that ran it (0 for an operator none ran).
   *
   * @param study what names the candidates' operators (their growth specs)
   * @param names the candidates
   */
  public double[] prior(BankStudy study, List<String> names, List<BankStudy> from) {
    List<String> ops = new ArrayList<>();
    for (String n : names) {
      ops.add(study.growth().getOrDefault(n, n));
    }
    return prior(ops, priorStudies(from, Regime.of(study)));
  }

  /**
   * The bank's prior for candidates grown by {@code operators} (growth specs), in the stage this
   * calibration is for ({@link #forStage}; every study when none).
   */
  public double[] prior(List<String> operators) {
    return prior(operators, priorStudies(studies, target));
  }

  private double[] prior(List<String> operators, List<BankStudy> from) {
    double[] out = new double[operators.size()];
    for (int i = 0; i < operators.size(); i++) {
      double sum = 0;
      int n = 0;
      for (BankStudy s : from) {
        Truth t = truths.computeIfAbsent(s, Truth::of);
        double mean = Arrays.stream(t.outcome()).average().orElse(0);
        for (int j = 0; j < t.names().size(); j++) {
          if (s.growth()
              .getOrDefault(t.names().get(j), t.names().get(j))
              .equals(operators.get(i))) {
            sum += t.outcome()[j] - mean;
            n++;
          }
        }
      }
      out[i] = n == 0 ? 0 : sum / n;
    }
    return out;
  }

  /** The median seed noise of the bank's studies: the unit of a new pick's scores. */
  public double unit() {
    double[] n = studies.stream().mapToDouble(s -> truths.get(s).noise()).sorted().toArray();
    return n.length == 0 ? Double.NaN : n[n.length / 2];
  }

  /** A study's truth. */
  public Truth truth(BankStudy s) {
    return truths.computeIfAbsent(s, Truth::of);
  }

  /**
   * Replica r's run of each candidate of a study, cut at lag k: what a pick there has seen (the
   * scorer reads nothing later, a cooldown probe only at k, and twins show up to k).
   */
  public static List<Trajectory> runsUpTo(BankStudy s, long k, int r, List<String> names) {
    Map<String, List<Trajectory>> runs = s.replicas();
    return names.stream().map(n -> runs.get(n).get(r).upTo(k)).toList();
  }

  /**
   * Each run's score at lag k of a stage of {@code finalStep} steps, in units of {@code unit}.
   *
   * @param runs the runs, cut at k ({@link #runsUpTo})
   */
  public static double[] scores(
      List<Trajectory> runs, Scorer scorer, long k, long finalStep, double unit) {
    return runs.stream().mapToDouble(t -> scorer.predict(t, k, finalStep).value() / unit).toArray();
  }

  /** Replicas every candidate of a study has. */
  public static int replicas(BankStudy s) {
    return s.replicas().values().stream().mapToInt(List::size).min().orElse(0);
  }
}
