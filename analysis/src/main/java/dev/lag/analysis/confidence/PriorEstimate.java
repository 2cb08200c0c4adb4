package dev.lag.analysis.confidence;

import java.util.List;

/**
 * How the bank's prior for an operator is estimated from the studies nearest the stage: the mean of
 * its centred finals there, or that mean shrunk toward the pool's by how much studies of one regime
 * disagree (empirical Bayes, as a random-effects meta-analysis pools studies).
 */
public enum PriorEstimate {
  /** Each operator's mean centred final over the nearest studies that ran it. */
  MEAN,
  /**
   * Each mean shrunk toward the operators' grand mean by {@code v / (v + tau^2 / n)}: {@code n} the
   * studies behind it, {@code tau^2} how much one operator's centred final varies between studies
   * of one regime (growth points, corpora; pooled over operators), {@code v} how much the
   * operators' true effects spread (their means' spread less the part {@code tau^2 / n} explains).
   * Where the nearest studies disagree (the best operator at 3200 steps changed with the growth
   * point, RESULTS.md) the prior flattens and claims less; where they agree it stays. No constant
   * is fitted: every quantity is the bank's.
   */
  SHRUNK;

  /**
   * The prior per operator.
   *
   * @param effects per operator, its centred final (seed-noise SDs) in each nearest study that ran
   *     it (empty: none did; its prior is 0)
   * @param fallbackTau2 the bank's between-study variance, for a prior measured on single studies
   *     (which cannot say how much studies disagree); NaN: none known, the means are kept
   */
  public double[] estimate(List<double[]> effects, double fallbackTau2) {
    int k = effects.size();
    double[] mean = new double[k];
    int[] n = new int[k];
    for (int i = 0; i < k; i++) {
      double[] x = effects.get(i);
      n[i] = x.length;
      for (double v : x) {
        mean[i] += v / x.length;
      }
    }
    if (this == MEAN) {
      return mean;
    }
    double tau2 = betweenStudies(effects);
    if (!Double.isFinite(tau2)) {
      tau2 = fallbackTau2;
    }
    int ran = 0;
    double grand = 0;
    for (int i = 0; i < k; i++) {
      if (n[i] > 0) {
        grand += mean[i];
        ran++;
      }
    }
    if (!Double.isFinite(tau2) || ran < 2) {
      return mean;
    }
    grand /= ran;
    double spread = 0;
    double noise = 0;
    for (int i = 0; i < k; i++) {
      if (n[i] > 0) {
        spread += (mean[i] - grand) * (mean[i] - grand) / (ran - 1);
        noise += tau2 / n[i] / ran;
      }
    }
    double signal = Math.max(0, spread - noise);
    double[] out = new double[k];
    for (int i = 0; i < k; i++) {
      if (n[i] > 0) {
        double keep = signal + tau2 / n[i] > 0 ? signal / (signal + tau2 / n[i]) : 0;
        out[i] = grand + (mean[i] - grand) * keep;
      }
    }
    return out;
  }

  /**
   * How much an operator's centred final varies between studies, pooled over the operators run in
   * at least two of them; NaN when none was.
   */
  public static double betweenStudies(List<double[]> effects) {
    double sq = 0;
    int dof = 0;
    for (double[] x : effects) {
      if (x.length < 2) {
        continue;
      }
      double m = 0;
      for (double v : x) {
        m += v / x.length;
      }
      for (double v : x) {
        sq += (v - m) * (v - m);
      }
      dof += x.length - 1;
    }
    return dof == 0 ? Double.NaN : sq / dof;
  }

  /** The spec's spelling: {@code mean} or {@code shrunk}. */
  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses {@code mean} or {@code shrunk}.
   *
   * @param field the option or argument being parsed, named in the error
   * @param text what was given
   */
  public static PriorEstimate parse(String field, String text) {
    for (PriorEstimate p : values()) {
      if (p.spelling().equals(text.trim())) {
        return p;
      }
    }
    throw dev.lag.analysis.InvalidInputException.field(field, text, "mean or shrunk");
  }
}
