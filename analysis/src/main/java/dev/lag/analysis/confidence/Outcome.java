package dev.lag.analysis.confidence;

/**
 * The candidates of one pick in an earlier study, all in that study's seed-noise units and each
 * centred on the mean over the candidates (a shift common to every candidate changes no ranking).
 *
 * @param prior what the prior expected of each candidate's final loss
 * @param evidence each candidate's score at the lag
 * @param outcome each candidate's final loss, averaged over the study's replicas
 * @param twins the candidates whose runs up to the lag show them to be one model
 */
public record Outcome(double[] prior, double[] evidence, double[] outcome, Twins twins) {
  /** Centres each array on its mean; no twins. */
  public static Outcome centred(double[] prior, double[] evidence, double[] outcome) {
    return centred(prior, evidence, outcome, Twins.none(prior.length));
  }

  /** Centres each array on its mean. */
  public static Outcome centred(double[] prior, double[] evidence, double[] outcome, Twins twins) {
    return new Outcome(centre(prior), centre(evidence), centre(outcome), twins);
  }

  /** The pick among the candidates at {@code places} only, centred again. */
  public Outcome of(int[] places) {
    double[] p = new double[places.length];
    double[] e = new double[places.length];
    double[] y = new double[places.length];
    for (int i = 0; i < places.length; i++) {
      p[i] = prior[places[i]];
      e[i] = evidence[places[i]];
      y[i] = outcome[places[i]];
    }
    return centred(p, e, y, twins.of(places));
  }

  /**
   * The pick with each model once: twins end alike, and counted once each they would weigh one
   * model's error as several independent ones in a fit.
   */
  public Outcome distinct() {
    return twins.any() ? of(twins.distinct()) : this;
  }

  static double[] centre(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] - mean;
    }
    return out;
  }
}
