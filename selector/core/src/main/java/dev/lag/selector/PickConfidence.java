package dev.lag.selector;

import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.confidence.Confidence;
import dev.lag.analysis.confidence.EvidenceModel;
import dev.lag.analysis.confidence.TrackRecord;
import dev.lag.analysis.confidence.Twins;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How likely each candidate is to end its stage best, and within one seed-noise SD of the best,
 * given its score at the lag, the prior, and how well both predicted final losses in a bank of
 * earlier studies ({@link BankCalibration}). Without a bank there is nothing to calibrate against,
 * and the record says so instead of guessing.
 *
 * @param measures what the probabilities mean and where they come from, in words
 * @param pBest per candidate, the probability that it ends best (empty when not computed)
 * @param pWithin per candidate, the probability that it ends within one seed-noise SD of the best
 * @param likeliest the candidate most likely to end best ("" when not computed)
 * @param trackRecord how such claims fared on the bank's studies of the stage's regime (null when
 *     not computed: no bank, too few studies with a reading at the lag, or no study of the regime
 *     that grew two of the candidates' operators)
 */
public record PickConfidence(
    String measures,
    Map<String, Double> pBest,
    Map<String, Double> pWithin,
    String likeliest,
    TrackRecord trackRecord) {

  /** Nothing computed, and why. */
  public static PickConfidence none(String why) {
    return new PickConfidence("none: " + why, Map.of(), Map.of(), "", null);
  }

  /** Immutable copies. */
  public PickConfidence {
    pBest = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pBest));
    pWithin = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pWithin));
  }

  /** Whether probabilities were computed. */
  public boolean computed() {
    return !pBest.isEmpty();
  }

  /**
   * The confidence of a selection, calibrated on a bank.
   *
   * @param s the selection (its scores at the lag)
   * @param history the runs it was made on, which show the candidates that are one model
   * @param specs each candidate's growth spec, which names its operator in the bank's prior
   * @param bank the calibration (fitted with the selection's own scorer)
   */
  public static PickConfidence of(
      Selection s, SelectionHistory history, Map<String, String> specs, BankCalibration bank) {
    // A candidate a policy dropped before the lag has no score there: the probabilities are among
    // the candidates that reached it.
    List<String> names = new ArrayList<>();
    List<Double> read = new ArrayList<>();
    List<String> reached = new ArrayList<>();
    for (Selection.Ranked r : s.ranking()) {
      if (r.stepsTrained() >= s.lag() && r.status() == Selection.Status.OK) {
        reached.add(r.name());
      }
      if (r.stepsTrained() >= s.lag() && Double.isFinite(r.score())) {
        names.add(r.name());
        read.add(r.score() / bank.unit());
      }
    }
    if (names.isEmpty() && reached.size() >= 2) {
      return ofPrior(s.lag(), reached, history.twins(reached, s.lag()), specs, bank);
    }
    if (names.size() < 2) {
      return none("fewer than two candidates reached lag " + s.lag() + " with a score");
    }
    double[] scores = read.stream().mapToDouble(Double::doubleValue).toArray();
    EvidenceModel model = bank.model(s.lag()).orElse(null);
    if (model == null) {
      return none("the bank has too few studies with a stage longer than lag " + s.lag());
    }
    double[] prior = prior(names, specs, bank);
    Twins twins = history.twins(names, s.lag());
    Confidence c = model.predict(prior, scores, twins, s.lag());
    String measures =
        String.format(
            Locale.ROOT,
            "P(best) and P(within 1 seed-noise SD of the best) of each final loss, from how the"
                + " score at lag %d and the bank's prior predicted the finals of %d earlier picks"
                + " (%d studies): final = %.2f x prior %s %.2f x score + noise of %.2f seed-noise"
                + " SDs (%.2f times the prior's spread here, with the finals' own noise); scores"
                + " read in the bank's median seed noise, %.4g; among the %d candidates that"
                + " reached the lag",
            s.lag(),
            model.picks(),
            bank.studies().size(),
            model.priorWeight(),
            // "+ -0.40 x score" reads badly; a weight that rounds to zero keeps its plus
            model.evidenceWeight() <= -0.005 ? "-" : "+",
            Math.abs(model.evidenceWeight()),
            model.residualSd() * EvidenceModel.scale(prior),
            model.residualSd(),
            bank.unit(),
            names.size());
    TrackRecord record = bank.trackRecord(s.lag(), operators(names, specs)).orElse(null);
    return of(withCoverage(withTwins(measures, names, twins), bank), names, c, record);
  }

  /** The measures, with what the bank holds of the stage's regime where the stage is known. */
  private static String withCoverage(String measures, BankCalibration bank) {
    String coverage = bank.regimeCoverage();
    return coverage.isEmpty() ? measures : measures + "; " + coverage;
  }

  /**
   * The confidence of a pick on the bank's prior alone: nothing was scored at the lag (a scorer
   * with nothing to read yet, such as the annealing law at growth).
   */
  private static PickConfidence ofPrior(
      long lag, List<String> names, Twins twins, Map<String, String> specs, BankCalibration bank) {
    EvidenceModel model = bank.priorOnly().orElse(null);
    if (model == null) {
      return none("nothing scored at lag " + lag + " and the bank has too few studies for a prior");
    }
    double[] nothing = new double[names.size()];
    double[] prior = prior(names, specs, bank);
    Confidence c = model.predict(prior, nothing, twins, lag);
    String measures =
        String.format(
            Locale.ROOT,
            "P(best) and P(within 1 seed-noise SD of the best) of each final loss from the bank's"
                + " prior alone (nothing was scored at lag %d), from how that prior predicted the"
                + " finals of %d earlier studies: final = %.2f x prior + noise of %.2f seed-noise"
                + " SDs (%.2f times the prior's spread here, with the finals' own noise); among the"
                + " %d candidates that reached the lag",
            lag,
            model.picks(),
            model.priorWeight(),
            model.residualSd() * EvidenceModel.scale(prior),
            model.residualSd(),
            names.size());
    TrackRecord record = bank.priorOnlyTrackRecord(lag, operators(names, specs)).orElse(null);
    return of(withCoverage(withTwins(measures, names, twins), bank), names, c, record);
  }

  /**
   * The measures, naming the candidates that are one model: their claims are one claim each, and
   * add up to more than 1 over the pool.
   */
  static String withTwins(String measures, List<String> names, Twins twins) {
    StringBuilder out = new StringBuilder(measures);
    for (int[] group : twins.groups()) {
      List<String> members = java.util.Arrays.stream(group).mapToObj(names::get).toList();
      out.append("; ")
          .append(String.join(", ", members))
          .append(" logged identical runs up to the lag: one model, so each claims the model's")
          .append(" whole chance");
    }
    return out.toString();
  }

  private static double[] prior(List<String> names, Map<String, String> specs, BankCalibration b) {
    return b.prior(operators(names, specs));
  }

  /** The candidates' operators: their growth specs, as the bank's studies name them. */
  private static List<String> operators(List<String> names, Map<String, String> specs) {
    return names.stream().map(n -> specs.getOrDefault(n, n)).toList();
  }

  private static PickConfidence of(
      String measures, List<String> names, Confidence c, TrackRecord record) {
    Map<String, Double> best = new LinkedHashMap<>();
    Map<String, Double> within = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      best.put(names.get(i), c.pBest()[i]);
      within.put(names.get(i), c.pWithin()[i]);
    }
    return new PickConfidence(measures, best, within, names.get(c.pick()), record);
  }
}
