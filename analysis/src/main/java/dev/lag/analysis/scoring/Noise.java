package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Trajectory;
import org.apache.commons.math3.fitting.PolynomialCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;

/**
 * The noise of one reading of a loss series, where nothing better is known: the scatter of its last
 * values around a quadratic fitted to them. A quadratic follows the bend of a curve that falls fast
 * after growth, so its curvature is not counted as noise (differences of neighbouring values
 * counted it, and made every candidate look tied). It measures how much one reading wanders, not
 * how much a ranking would change with another data order: selections measure that with paired
 * evidence and seed replicas, and fall back to this only when they have neither.
 */
final class Noise {
  private Noise() {}

  /**
   * Standard deviation of one reading around a quadratic through the last {@code window} values.
   */
  static double perReading(Trajectory.Series s, int window) {
    int n = s.size();
    int from = Math.max(0, n - window);
    int count = n - from;
    if (count < 5) {
      return Double.NaN; // a quadratic through fewer points leaves too little to measure
    }
    WeightedObservedPoints points = new WeightedObservedPoints();
    double x0 = s.steps()[from];
    for (int i = from; i < n; i++) {
      points.add(s.steps()[i] - x0, s.values()[i]);
    }
    double[] c = PolynomialCurveFitter.create(2).fit(points.toList());
    double sq = 0;
    for (int i = from; i < n; i++) {
      double x = s.steps()[i] - x0;
      double r = s.values()[i] - (c[0] + c[1] * x + c[2] * x * x);
      sq += r * r;
    }
    return Math.sqrt(sq / (count - 3));
  }
}
