package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fitting.WeightedObservedPoint;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Extrapolates the learning curve: fits {@code L(t) = a t^-b + c} (weighted least squares by
 * variable projection, see {@link #fit}) to the points logged in the window {@code [k (1 - window),
 * k]} and evaluates it at the final step. Curves that cross after k can be ranked correctly where
 * the last loss cannot. Falls back to the last value when there are too few points or the fit
 * fails; its uncertainty is the RMS residual of the fit.
 */
public record PowerLawScorer(Metric metric, double window) implements Scorer {
  /** Most points a fit sees; longer windows are averaged into this many bins. */
  static final int BINS = 64;

  /** The law at step t for parameters (a, b, c); steps are shifted by one so t = 0 is defined. */
  static double law(double t, double[] p) {
    return p[0] * Math.pow(t + 1, -p[1]) + p[2];
  }

  @Override
  public String name() {
    return "powerlaw";
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Trajectory.Series s = t.seriesUpTo(metric, k);
    if (s.size() == 0 || t.diverged()) {
      return Prediction.NONE;
    }
    double last = s.values()[s.size() - 1];
    List<WeightedObservedPoint> points =
        binned(s, Math.max(1, (long) Math.floor(k * (1 - window))), k);
    if (points.size() < 5) {
      return new Prediction(last, Noise.perReading(s, 20));
    }
    double[] fit = fit(points, last);
    if (fit == null) {
      return new Prediction(last, Noise.perReading(s, 20));
    }
    double predicted = law(finalStep, fit);
    double sq = 0;
    double weight = 0;
    for (WeightedObservedPoint p : points) {
      double r = p.getY() - law(p.getX(), fit);
      sq += p.getWeight() * r * r;
      weight += p.getWeight();
    }
    // An extrapolation can only be trusted within the range the curve has shown.
    if (!Double.isFinite(predicted) || predicted > s.values()[0] * 2 || predicted < -1) {
      return new Prediction(last, Noise.perReading(s, 20));
    }
    // The RMS residual of the fit to the binned curve is its uncertainty.
    return new Prediction(predicted, Math.sqrt(sq / weight));
  }

  /**
   * The points in {@code [from, to]}, averaged into at most {@value #BINS} bins of equal width
   * (weighted by count): a long window fits as fast as a short one, with less noise per point.
   */
  static List<WeightedObservedPoint> binned(Trajectory.Series s, long from, long to) {
    double width = Math.max(1.0, (to - from + 1) / (double) BINS);
    double[] sumX = new double[BINS];
    double[] sumY = new double[BINS];
    int[] count = new int[BINS];
    for (int i = 0; i < s.size(); i++) {
      long step = s.steps()[i];
      if (step >= from && step <= to) {
        int bin = Math.min(BINS - 1, (int) ((step - from) / width));
        sumX[bin] += step;
        sumY[bin] += s.values()[i];
        count[bin]++;
      }
    }
    List<WeightedObservedPoint> points = new ArrayList<>();
    for (int b = 0; b < BINS; b++) {
      if (count[b] > 0) {
        points.add(new WeightedObservedPoint(count[b], sumX[b] / count[b], sumY[b] / count[b]));
      }
    }
    return points;
  }

  /** The exponents the profile is first evaluated at, before Brent refines around the best. */
  static final double B_MAX = 4;

  static final int B_GRID = 32;

  /**
   * Parameters (a, b, c) of the weighted least-squares fit, or null when the best fit is not a
   * decreasing curve.
   *
   * <p>Variable projection (Golub and Pereyra): for a fixed exponent b the law is linear in a and
   * c, whose least-squares values have a closed form; so the fit is a search over b alone, of the
   * residual that is left once a and c are solved. The search scans b on a grid over [0, {@value
   * #B_MAX}] and refines the best cell with Brent's method. This finds the global least-squares
   * exponent on that range where Levenberg-Marquardt from one start can stop in a local one, and
   * costs a few dozen passes over at most {@value #BINS} points, with no power function in the loop
   * (log t is computed once).
   *
   * @param last unused by this method; kept so callers state what the curve ends at
   */
  static double[] fit(List<WeightedObservedPoint> points, double last) {
    Profile profile = new Profile(points);
    double step = B_MAX / B_GRID;
    double bestB = 0;
    double bestResidual = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= B_GRID; i++) {
      double residual = profile.residual(i * step);
      if (residual < bestResidual) {
        bestResidual = residual;
        bestB = i * step;
      }
    }
    double lo = Math.max(0, bestB - step);
    double hi = Math.min(B_MAX, bestB + step);
    double b =
        new BrentOptimizer(1e-10, 1e-12)
            .optimize(
                new MaxEval(200),
                new UnivariateObjectiveFunction(profile::residual),
                GoalType.MINIMIZE,
                new SearchInterval(lo, hi, bestB))
            .getPoint();
    if (profile.residual(b) > bestResidual) {
      b = bestB;
    }
    double[] ac = profile.solve(b);
    return ac != null && ac[0] >= 0 && b > 0 ? new double[] {ac[0], b, ac[1]} : null;
  }

  /** The weighted least-squares residual of the law as a function of b alone. */
  private static final class Profile {
    private final double[] logT;
    private final double[] y;
    private final double[] w;

    Profile(List<WeightedObservedPoint> points) {
      int n = points.size();
      logT = new double[n];
      y = new double[n];
      w = new double[n];
      for (int i = 0; i < n; i++) {
        WeightedObservedPoint p = points.get(i);
        logT[i] = Math.log(p.getX() + 1);
        y[i] = p.getY();
        w[i] = p.getWeight();
      }
    }

    /** (a, c) minimising the residual at this b, or null where they are not determined. */
    double[] solve(double b) {
      double sw = 0;
      double su = 0;
      double suu = 0;
      double sy = 0;
      double suy = 0;
      for (int i = 0; i < y.length; i++) {
        double u = Math.exp(-b * logT[i]);
        sw += w[i];
        su += w[i] * u;
        suu += w[i] * u * u;
        sy += w[i] * y[i];
        suy += w[i] * u * y[i];
      }
      double det = sw * suu - su * su;
      if (!(det > 1e-12 * sw * suu)) {
        return null; // b = 0, or all points at one step: a and c are one constant
      }
      double a = (sw * suy - su * sy) / det;
      return new double[] {a, (sy - a * su) / sw};
    }

    double residual(double b) {
      double[] ac = solve(b);
      double sum = 0;
      double mean = 0;
      double sw = 0;
      if (ac == null) {
        for (int i = 0; i < y.length; i++) {
          mean += w[i] * y[i];
          sw += w[i];
        }
        mean /= sw;
      }
      for (int i = 0; i < y.length; i++) {
        double fit = ac == null ? mean : ac[0] * Math.exp(-b * logT[i]) + ac[1];
        double r = y[i] - fit;
        sum += w[i] * r * r;
      }
      return sum;
    }
  }
}
