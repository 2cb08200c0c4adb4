package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;

/**
 * The features a learned predictor sees at lag k, all relative to the last value so that a model
 * trained on one loss scale transfers to another: the last value, the drop over the last half of
 * the window, the slope against log-step, the power-law extrapolation's predicted further drop, and
 * how far the final step lies beyond k (in log steps).
 */
public final class TrajectoryFeatures {
  /** Number of features. */
  public static final int COUNT = 5;

  private TrajectoryFeatures() {}

  /** The feature row of {@code t} at lag k for predicting {@code finalStep}; null without data. */
  public static double[] at(Trajectory t, Metric metric, long k, long finalStep) {
    Trajectory.Series s = t.seriesUpTo(metric, k);
    if (s.size() < 2 || t.diverged()) {
      return null;
    }
    double last = s.values()[s.size() - 1];
    double half = t.valueAt(metric, k / 2);
    double slope = logSlope(s, k);
    double power = new PowerLawScorer(metric, 0.7).predict(t, k, finalStep).value();
    return new double[] {
      last,
      Double.isFinite(half) ? half - last : 0,
      slope,
      Double.isFinite(power) ? power - last : 0,
      Math.log((finalStep + 1.0) / (k + 1.0))
    };
  }

  /** Least-squares slope of value against log(step + 1) over the last half of the steps to k. */
  private static double logSlope(Trajectory.Series s, long k) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    int n = 0;
    for (int i = 0; i < s.size(); i++) {
      if (s.steps()[i] >= k / 2) {
        double x = Math.log(s.steps()[i] + 1.0);
        sx += x;
        sy += s.values()[i];
        sxx += x * x;
        sxy += x * s.values()[i];
        n++;
      }
    }
    double denominator = n * sxx - sx * sx;
    return n < 2 || denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
  }
}
