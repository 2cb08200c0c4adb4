package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.ParametricUnivariateFunction;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.SimpleCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoint;

/**
 * Extrapolates the learning curve: fits {@code L(t) = a t^-b + c} (least squares, Commons Math's
 * Levenberg-Marquardt) to the points logged in the window {@code [k (1 - window), k]} and evaluates
 * it at the final step. Curves that cross after k can be ranked correctly where the last loss
 * cannot. Falls back to the last value when there are too few points or the fit fails; its
 * uncertainty is the RMS residual of the fit.
 */
public record PowerLawScorer(Metric metric, double window) implements Scorer {
  /** Most points a fit sees; longer windows are averaged into this many bins. */
  static final int BINS = 64;

  /** The law and its gradient in (a, b, c). Steps are shifted by one so that t = 0 is defined. */
  static final ParametricUnivariateFunction LAW =
      new ParametricUnivariateFunction() {
        @Override
        public double value(double t, double... p) {
          return p[0] * Math.pow(t + 1, -p[1]) + p[2];
        }

        @Override
        public double[] gradient(double t, double... p) {
          double pow = Math.pow(t + 1, -p[1]);
          return new double[] {pow, -p[0] * pow * Math.log(t + 1), 1};
        }
      };

  @Override
  public String name() {
    return "powerlaw";
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Trajectory.Series s = t.upTo(k).series(metric);
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
    double predicted = LAW.value(finalStep, fit);
    double sq = 0;
    double weight = 0;
    for (WeightedObservedPoint p : points) {
      double r = p.getY() - LAW.value(p.getX(), fit);
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

  /** Parameters (a, b, c), or null when the fit does not converge to a decreasing curve. */
  static double[] fit(List<WeightedObservedPoint> points, double last) {
    double first = points.get(0).getY();
    double[] start = {Math.max(first - last, 1e-3) * 2, 0.5, last * 0.9};
    try {
      double[] p = SimpleCurveFitter.create(LAW, start).withMaxIterations(2000).fit(points);
      return p[1] >= 0 && p[0] >= 0 ? p : null;
    } catch (ConvergenceException | TooManyIterationsException | IllegalArgumentException e) {
      return null;
    }
  }
}
