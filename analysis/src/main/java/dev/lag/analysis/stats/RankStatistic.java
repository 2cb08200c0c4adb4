package dev.lag.analysis.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * The three agreement statistics between two score vectors, with the asymptotic two-sided p-value
 * each is usually reported with (the same formulas as {@code scipy.stats}).
 */
public enum RankStatistic {
  /**
   * Spearman's rho: Pearson's r of average ranks (ties share their mean rank). Computed on
   * primitive arrays ({@link AverageRanks}) rather than with Commons Math's SpearmansCorrelation,
   * which gives the same values but is the bottleneck of large bootstraps.
   */
  SPEARMAN {
    @Override
    public double compute(double[] x, double[] y) {
      return AverageRanks.pearson(AverageRanks.of(x), AverageRanks.of(y));
    }

    @Override
    public double asymptoticP(double value, double[] x, double[] y) {
      return tTestP(value, x.length);
    }
  },
  /** Kendall's tau-b: concordant minus discordant pairs, corrected for ties in either vector. */
  KENDALL {
    @Override
    public double compute(double[] x, double[] y) {
      return new KendallsCorrelation().correlation(x, y);
    }

    @Override
    public double asymptoticP(double value, double[] x, double[] y) {
      return kendallP(x, y);
    }
  },
  /** Pearson's r on the raw scores. */
  PEARSON {
    @Override
    public double compute(double[] x, double[] y) {
      return new PearsonsCorrelation().correlation(x, y);
    }

    @Override
    public double asymptoticP(double value, double[] x, double[] y) {
      return tTestP(value, x.length);
    }
  };

  /** The coefficient (NaN when a vector is constant). */
  public abstract double compute(double[] x, double[] y);

  /** The large-sample two-sided p-value of {@code value} under independence. */
  public abstract double asymptoticP(double value, double[] x, double[] y);

  /** Student's t with n - 2 degrees of freedom (scipy's pearsonr and spearmanr). */
  static double tTestP(double r, int n) {
    if (n < 3) {
      return Double.NaN;
    }
    if (Math.abs(r) >= 1) {
      return 0;
    }
    double t = r * Math.sqrt((n - 2) / (1 - r * r));
    return 2 * new TDistribution(n - 2).cumulativeProbability(-Math.abs(t));
  }

  /**
   * Normal approximation with the tie-corrected variance of the S statistic (scipy's kendalltau,
   * method "asymptotic").
   */
  static double kendallP(double[] x, double[] y) {
    int n = x.length;
    long s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        s += (long) Math.signum(x[i] - x[j]) * (long) Math.signum(y[i] - y[j]);
      }
    }
    double[] tx = tieTerms(x);
    double[] ty = tieTerms(y);
    double var =
        (n * (n - 1.0) * (2 * n + 5) - tx[0] - ty[0]) / 18
            + tx[1] * ty[1] / (9.0 * n * (n - 1) * (n - 2))
            + tx[2] * ty[2] / (2.0 * n * (n - 1));
    if (var <= 0) {
      return Double.NaN;
    }
    double z = s / Math.sqrt(var);
    return 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z));
  }

  /** Sums over tie groups of size t: t(t-1)(2t+5), t(t-1)(t-2), t(t-1). */
  private static double[] tieTerms(double[] v) {
    double[] sorted = v.clone();
    java.util.Arrays.sort(sorted);
    double a = 0;
    double b = 0;
    double c = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      double t = j - i;
      a += t * (t - 1) * (2 * t + 5);
      b += t * (t - 1) * (t - 2);
      c += t * (t - 1);
      i = j;
    }
    return new double[] {a, b, c};
  }
}
