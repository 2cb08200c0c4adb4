package dev.lag.analysis.confidence;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The error spread under which held-out picks were most likely to end as they did ({@link
 * ErrorSpread#LIKELIHOOD}): for each candidate spread, each pick's P(its observed best candidate is
 * best) is counted as {@link EvidenceModel#predict} counts it, and the spread whose summed,
 * weighted log-probability is highest wins. The spreads tried are a grid of quarter octaves around
 * the residuals' spread (a quarter of it to sixteen times it): P(best) changes little within a
 * quarter octave, and a grid needs no smoothness of a Monte Carlo count.
 */
public final class LikelihoodSpread {
  /** Draws per pick and spread: a P(best) to about 0.01, as a pick's own claim. */
  static final int DRAWS = 2000;

  /** Quarter octaves below the residuals' spread (to a quarter of it). */
  private static final int BELOW = 8;

  /** Quarter octaves above it (to sixteen times it). */
  private static final int ABOVE = 16;

  private LikelihoodSpread() {}

  /**
   * A pick of a held-out study as the model fitted on the other studies saw it.
   *
   * @param mean the predicted final per candidate (centred, seed-noise SDs)
   * @param unit the pick's error unit ({@link EvidenceModel#scale} of its prior)
   * @param outcome each candidate's observed final (centred, seed-noise SDs)
   * @param weight how much the held-out study counts
   */
  public record HeldOut(double[] mean, double unit, double[] outcome, double weight) {
    /** The candidate that ended best. */
    int best() {
      int best = 0;
      for (int c = 1; c < outcome.length; c++) {
        if (outcome[c] < outcome[best]) {
          best = c;
        }
      }
      return best;
    }
  }

  /**
   * The spread (in units of each pick's {@link HeldOut#unit}) that makes the picks' observed best
   * candidates most likely.
   *
   * @param picks the held-out picks
   * @param residualSd the residuals' spread, the grid's centre (positive)
   * @return the spread, or {@code residualSd} when there are no picks
   */
  public static double fit(List<HeldOut> picks, double residualSd) {
    if (picks.isEmpty() || !(residualSd > 0)) {
      return residualSd;
    }
    double[] logLikelihood = new double[BELOW + ABOVE + 1];
    for (int i = 0; i < picks.size(); i++) {
      HeldOut pick = picks.get(i);
      int k = pick.mean().length;
      int best = pick.best();
      // The same normal draws for every spread (common random numbers): the likelihood then
      // changes with the spread alone, not with the Monte Carlo noise of each grid point.
      double[][] z = normals(DRAWS, k, new SplittableRandom(i + 1L));
      for (int g = 0; g < logLikelihood.length; g++) {
        double sd = residualSd * Math.pow(2, (g - BELOW) / 4.0) * pick.unit();
        int wins = 0;
        for (double[] draw : z) {
          int argmin = 0;
          double min = Double.POSITIVE_INFINITY;
          for (int c = 0; c < k; c++) {
            double x = pick.mean()[c] + sd * draw[c];
            if (x < min) {
              min = x;
              argmin = c;
            }
          }
          wins += argmin == best ? 1 : 0;
        }
        // Laplace's rule keeps an observed best that no draw made best finite (and costly).
        logLikelihood[g] += pick.weight() * Math.log((wins + 1.0) / (DRAWS + k));
      }
    }
    int argmax = BELOW;
    for (int g = 0; g < logLikelihood.length; g++) {
      if (logLikelihood[g] > logLikelihood[argmax]) {
        argmax = g;
      }
    }
    return residualSd * Math.pow(2, (argmax - BELOW) / 4.0);
  }

  private static double[][] normals(int draws, int k, SplittableRandom random) {
    double[][] z = new double[draws][k];
    for (double[] row : z) {
      for (int c = 0; c < k; c++) {
        row[c] = EvidenceModel.gaussian(random);
      }
    }
    return z;
  }
}
