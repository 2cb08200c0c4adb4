package dev.lag.analysis.curve;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.stats.RankStatistic;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The paper's central analysis: for each lag k on a grid, how well does the score at k rank the
 * candidates by their final loss? Diverged candidates are ranked last and flagged; they are left
 * out of the correlations so that one NaN never poisons the statistics.
 *
 * <p>The final value of a candidate is its metric at {@code finalStep} by the alignment rule (last
 * value at or before), averaged over the logged points in the last {@code finalWindow} steps to
 * damp batch noise in training losses.
 */
public final class LagCurve {
  private final Scorer scorer;
  private final Metric finalMetric;
  private final long finalWindow;
  private final RankAgreement agreement;

  /**
   * @param scorer turns the log up to k into a score
   * @param finalMetric the loss whose final value is the ground truth
   * @param finalWindow steps averaged for the final value (1: the value at the final step)
   * @param agreement p-values and confidence intervals
   */
  public LagCurve(Scorer scorer, Metric finalMetric, long finalWindow, RankAgreement agreement) {
    this.scorer = scorer;
    this.finalMetric = finalMetric;
    this.finalWindow = Math.max(1, finalWindow);
    this.agreement = agreement;
  }

  /**
   * Computes the curve on the given lags (sorted and de-duplicated; those past the end dropped).
   */
  public LagCurveResult compute(List<Trajectory> pool, long finalStep, long[] grid) {
    if (pool.isEmpty()) {
      throw new InvalidInputException("no candidates to analyse");
    }
    List<String> names = new ArrayList<>();
    List<String> diverged = new ArrayList<>();
    Map<String, Double> finals = new LinkedHashMap<>();
    List<Trajectory> alive = new ArrayList<>();
    for (Trajectory t : pool) {
      names.add(t.name());
      double f = finalValue(t, finalStep);
      if (t.diverged() || !Double.isFinite(f)) {
        diverged.add(t.name());
        finals.put(t.name(), Double.NaN);
      } else {
        finals.put(t.name(), f);
        alive.add(t);
      }
    }
    if (alive.isEmpty()) {
      throw new InvalidInputException(
          "every candidate diverged or has no "
              + finalMetric.label()
              + " loss at step "
              + finalStep);
    }
    double[] finalValues = alive.stream().mapToDouble(t -> finals.get(t.name())).toArray();
    String best = alive.get(argMin(finalValues)).name();
    double bestFinal = finals.get(best);

    List<LagPoint> points = new ArrayList<>();
    TreeSet<Long> lags = new TreeSet<>();
    for (long k : grid) {
      if (k >= 0 && k <= finalStep) {
        lags.add(k);
      }
    }
    for (long k : lags) {
      Prediction[] predictions = new Prediction[alive.size()];
      List<Integer> scored = new ArrayList<>();
      for (int i = 0; i < alive.size(); i++) {
        predictions[i] = scorer.predict(alive.get(i), k, finalStep);
        if (Double.isFinite(predictions[i].value())) {
          scored.add(i);
        }
      }
      if (scored.isEmpty()) {
        continue; // nothing logged yet at this lag
      }
      double[] x = scored.stream().mapToDouble(i -> predictions[i].value()).toArray();
      double[] y = scored.stream().mapToDouble(i -> finalValues[i]).toArray();
      int pickIndex = scored.get(argMin(x));
      String pick = alive.get(pickIndex).name();
      double regret = finals.get(pick) - bestFinal;
      points.add(
          new LagPoint(
              k,
              agreement.of(RankStatistic.SPEARMAN, x, y),
              agreement.of(RankStatistic.KENDALL, x, y),
              agreement.of(RankStatistic.PEARSON, x, y, false),
              pick,
              pick.equals(best),
              regret,
              regret / Math.abs(bestFinal),
              tiedWith(pickIndex, scored, predictions, alive)));
    }
    return new LagCurveResult(
        names,
        diverged,
        finalStep,
        finals,
        best,
        scorer.name(),
        finalMetric.label(),
        points,
        stableFrom(points));
  }

  /** The final value: the mean of the metric over the logged points in the final window. */
  double finalValue(Trajectory t, long finalStep) {
    if (finalWindow <= 1) {
      return t.valueAt(finalMetric, finalStep);
    }
    double mean = t.trailingMean(finalMetric, finalStep, finalWindow);
    return Double.isFinite(mean) ? mean : t.valueAt(finalMetric, finalStep);
  }

  private static List<String> tiedWith(
      int pick, List<Integer> scored, Prediction[] p, List<Trajectory> alive) {
    List<String> tied = new ArrayList<>();
    for (int i : scored) {
      if (i == pick) {
        continue;
      }
      double se = Math.hypot(zeroIfNaN(p[i].stdError()), zeroIfNaN(p[pick].stdError()));
      if (p[i].value() - p[pick].value() <= se) {
        tied.add(alive.get(i).name());
      }
    }
    return tied;
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  /** The earliest lag from which the pick stays the same through the last lag of the grid. */
  static long stableFrom(List<LagPoint> points) {
    if (points.isEmpty()) {
      return -1;
    }
    String last = points.get(points.size() - 1).pick();
    long from = points.get(points.size() - 1).step();
    for (int i = points.size() - 1; i >= 0 && points.get(i).pick().equals(last); i--) {
      from = points.get(i).step();
    }
    return from;
  }

  private static int argMin(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] < v[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Checks a user's grid of lags: every lag in [0, finalStep].
   *
   * @param option the option it came from, for the message ({@code --grid})
   * @throws InvalidInputException naming the option and the first lag outside
   */
  public static void checkGrid(long[] grid, long finalStep, String option) {
    if (grid.length == 0) {
      throw InvalidInputException.field(option, "", "give at least one lag");
    }
    for (long k : grid) {
      if (k < 0 || k > finalStep) {
        throw InvalidInputException.field(
            option, k, "a lag must be in [0, " + finalStep + "] (the final step)");
      }
    }
  }

  /** A grid of about {@code count} lags from 0 to {@code finalStep}, denser early (geometric). */
  public static long[] geometricGrid(long finalStep, int count) {
    TreeSet<Long> lags = new TreeSet<>();
    lags.add(0L);
    lags.add(finalStep);
    double ratio = Math.pow(Math.max(finalStep, 2), 1.0 / Math.max(1, count - 1));
    double v = 1;
    for (int i = 0; i < count; i++) {
      lags.add(Math.min(finalStep, Math.round(v)));
      v *= ratio;
    }
    return lags.stream().mapToLong(Long::longValue).toArray();
  }
}
