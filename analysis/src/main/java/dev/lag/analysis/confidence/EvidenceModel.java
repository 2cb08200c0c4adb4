package dev.lag.analysis.confidence;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A prior that evidence can override, weighted by how well each has predicted final losses before:
 * {@code final_c = a prior_c + b evidence_c + e_c}, with {@code a}, {@code b} and the spread of
 * {@code e} fitted by least squares on earlier studies' picks (every quantity centred per pick, in
 * seed-noise units). Where the evidence at a lag has ranked candidates well, {@code b} is large and
 * the evidence moves the pick; where it has not (or ranked them backwards), {@code b} is small (or
 * negative) and the prior holds. In the spirit of PriorBand (Mallik et al. 2023): the prior is a
 * starting belief, never a tie-breaker of last resort.
 *
 * <p>The error {@code e} is not the same size at every pick: a prior measured on other studies
 * misses by more where it expects the candidates to end far apart (a long stage, whose operators
 * separate by a dozen seed-noise SDs, measured on another corpus that ranks them otherwise) than
 * where it expects them close. So the error's spread is proportional to the pick's {@link #scale}
 * (the prior's spread over the candidates, with one seed-noise SD added for the finals' own noise),
 * and the weights are fitted by least squares weighted accordingly. With one spread for every pick,
 * the claims of picks whose prior gaps were wide came true 2 times in 100 where they said 67
 * (RESULTS.md, the reliability table).
 *
 * <p>A new pick's candidates are then predicted as independent normals around {@code a prior + b
 * evidence} with the residual spread times the pick's scale, and P(best) and P(within one
 * seed-noise SD of the best) are the shares of Monte Carlo draws. The independence is an
 * approximation that the calibration table (claimed against observed) checks.
 *
 * @param priorWeight {@code a}
 * @param evidenceWeight {@code b}
 * @param residualSd the spread of a candidate's final around the prediction, in units of the pick's
 *     {@link #scale}
 * @param readings every centred score the fit saw (seed-noise SDs): what a reading at this lag has
 *     looked like, from which the value of taking one is estimated
 * @param picks how many earlier picks it was fitted on
 */
public record EvidenceModel(
    double priorWeight, double evidenceWeight, double residualSd, double[] readings, int picks) {
  /** Monte Carlo draws per pick: P(best) to within about 0.01. */
  static final int DRAWS = 4000;

  /**
   * Fits the model to earlier picks.
   *
   * @return the model, or null with fewer than two picks or nothing to fit
   */
  public static EvidenceModel fit(List<Outcome> outcomes) {
    double[] equal = new double[outcomes.size()];
    Arrays.fill(equal, 1);
    return fit(outcomes, equal);
  }

  /**
   * Fits the model to earlier picks, each counting as much as its weight (a pick from a study of
   * another regime counts less: {@link StudyWeights}).
   *
   * @param picks the picks (twins among their candidates count once)
   * @param weights each pick's weight, in the order of {@code picks} (positive)
   * @return the model, or null with fewer than two picks or nothing to fit
   */
  public static EvidenceModel fit(List<Outcome> picks, double[] weights) {
    if (weights.length != picks.size()) {
      throw new IllegalArgumentException(
          weights.length + " weights for " + picks.size() + " outcomes");
    }
    List<Outcome> outcomes = picks.stream().map(Outcome::distinct).toList();
    double pp = 0;
    double pe = 0;
    double ee = 0;
    double py = 0;
    double ey = 0;
    int n = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      double w = weights[i] / Math.pow(scale(o.prior()), 2);
      for (int c = 0; c < o.outcome().length; c++) {
        double p = o.prior()[c];
        double e = o.evidence()[c];
        double y = o.outcome()[c];
        if (!Double.isFinite(p) || !Double.isFinite(e) || !Double.isFinite(y)) {
          continue;
        }
        pp += w * p * p;
        pe += w * p * e;
        ee += w * e * e;
        py += w * p * y;
        ey += w * e * y;
        n++;
      }
    }
    if (outcomes.size() < 2 || n < 3) {
      return null;
    }
    // Normal equations of y on (p, e) without intercept (everything is centred); a predictor with
    // no spread gets weight 0 rather than a singular system.
    double det = pp * ee - pe * pe;
    double a;
    double b;
    if (Math.abs(det) > 1e-12 * Math.max(1, pp * ee)) {
      a = (py * ee - ey * pe) / det;
      b = (ey * pp - py * pe) / det;
    } else if (ee > 0) {
      a = 0;
      b = ey / ee;
    } else {
      a = pp > 0 ? py / pp : 0;
      b = 0;
    }
    double sq = 0;
    double weighed = 0;
    int groups = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      groups++;
      double unit = scale(o.prior());
      for (int c = 0; c < o.outcome().length; c++) {
        double r = (o.outcome()[c] - a * o.prior()[c] - b * o.evidence()[c]) / unit;
        if (Double.isFinite(r)) {
          sq += weights[i] * r * r;
          weighed += weights[i];
        }
      }
    }
    // Degrees of freedom: a centred group of K loses one; the two weights lose two more. With
    // weights, the weighted mean square is scaled by the same share of lost freedom.
    double dof = Math.max(1, n - groups - 2) * (weighed / n);
    double[] readings =
        outcomes.stream()
            .flatMapToDouble(o -> Arrays.stream(o.evidence()))
            .filter(Double::isFinite)
            .toArray();
    return new EvidenceModel(a, b, Math.sqrt(sq / dof), readings, outcomes.size());
  }

  /**
   * The unit of a pick's error: the spread of the prior's expectations over its candidates, in
   * seed-noise SDs, with one SD added in quadrature (a prior that expects every candidate to end
   * alike still meets the finals' own noise).
   *
   * @param prior the prior's expectation per candidate (seed-noise units)
   */
  public static double scale(double[] prior) {
    double[] p = Outcome.centre(prior);
    double sq = 0;
    for (double x : p) {
      sq += x * x;
    }
    return Math.sqrt(sq / Math.max(1, p.length - 1) + 1);
  }

  /** The same weights with another residual spread (one measured out of sample, say). */
  public EvidenceModel withResidualSd(double sd) {
    return new EvidenceModel(priorWeight, evidenceWeight, sd, readings, picks);
  }

  /**
   * What reading this lag is expected to be worth before committing to candidate {@code now}: the
   * mean, over readings drawn from those the fit saw (one per candidate, independently), of how
   * much lower the best predicted final ({@code a prior + b reading}) is than {@code now}'s, in
   * seed-noise SDs. Zero when no reading could change the pick; small when the evidence has
   * predicted finals weakly ({@code b} near zero) or the prior's gaps are wide. The
   * value-of-information estimate that {@code hedged} checks before it pays for a rung.
   *
   * @param prior the prior's expectation per candidate (seed-noise units)
   * @param now the candidate that would be picked without the reading
   * @param seed the Monte Carlo seed
   */
  public double expectedGain(double[] prior, int now, long seed) {
    if (readings.length == 0) {
      return 0;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double gain = 0;
    double[] mean = new double[prior.length];
    for (int d = 0; d < DRAWS; d++) {
      double min = Double.POSITIVE_INFINITY;
      for (int c = 0; c < prior.length; c++) {
        mean[c] =
            priorWeight * prior[c] + evidenceWeight * readings[random.nextInt(readings.length)];
        min = Math.min(min, mean[c]);
      }
      gain += mean[now] - min;
    }
    return gain / DRAWS;
  }

  /**
   * The confidence of a new pick.
   *
   * @param prior the prior's expectation per candidate (seed-noise units; any common shift)
   * @param evidence the score per candidate at the lag (seed-noise units; any common shift)
   * @param seed the Monte Carlo seed
   */
  public Confidence predict(double[] prior, double[] evidence, long seed) {
    return predict(prior, evidence, Twins.none(prior.length), seed);
  }

  /**
   * The confidence of a new pick among candidates some of which are one model: each group of {@code
   * twins} has one predicted final (its members' mean) and one draw, so each member claims the
   * model's whole chance of ending best (the claims then add up to more than 1: a twin ends best
   * whenever its model does).
   *
   * @param prior the prior's expectation per candidate (seed-noise units; any common shift)
   * @param evidence the score per candidate at the lag (seed-noise units; any common shift)
   * @param twins which candidates are one model
   * @param seed the Monte Carlo seed
   */
  public Confidence predict(double[] prior, double[] evidence, Twins twins, long seed) {
    double[] p = Outcome.centre(prior);
    double[] e = Outcome.centre(evidence);
    int k = p.length;
    int[] first = twins.first();
    // A model's prediction is its members' mean; a twin's first member comes before it.
    double[] mean = new double[k];
    int[] members = new int[k];
    for (int c = 0; c < k; c++) {
      mean[first[c]] += priorWeight * p[c] + evidenceWeight * e[c];
      members[first[c]]++;
    }
    for (int c = 0; c < k; c++) {
      mean[c] = c == first[c] ? mean[c] / members[c] : mean[first[c]];
    }
    // The fit counted each model once, so its unit is the prior's spread over the models.
    double sd = Math.max(residualSd * scale(twins.distinct(p)), 1e-9);
    int[] best = new int[k];
    int[] within = new int[k];
    double[] draw = new double[k];
    SplittableRandom random = new SplittableRandom(seed);
    for (int d = 0; d < DRAWS; d++) {
      double min = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        // A twin shares its model's draw (its first member comes before it).
        draw[c] = c == first[c] ? mean[c] + sd * gaussian(random) : draw[first[c]];
        min = Math.min(min, draw[c]);
      }
      for (int c = 0; c < k; c++) {
        best[c] += draw[c] == min ? 1 : 0;
        within[c] += draw[c] - min <= 1 ? 1 : 0;
      }
    }
    double[] pBest = new double[k];
    double[] pWithin = new double[k];
    for (int c = 0; c < k; c++) {
      pBest[c] = best[c] / (double) DRAWS;
      pWithin[c] = within[c] / (double) DRAWS;
    }
    return new Confidence(mean, pBest, pWithin);
  }

  /** A standard normal draw (Box-Muller: SplittableRandom has no nextGaussian). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
