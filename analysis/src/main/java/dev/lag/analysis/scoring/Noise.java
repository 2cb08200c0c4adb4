package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Trajectory;

/** Step-to-step noise of a loss series, for the uncertainty of the simple scorers. */
final class Noise {
  private Noise() {}

  /**
   * Standard deviation of one reading, from the last {@code window} values. Uses second
   * differences, which cancel a locally linear trend: for white noise of variance s^2 their mean
   * square is 6 s^2. First differences would count a falling curve's own descent as noise, which on
   * sparse evaluations made every candidate look tied.
   */
  static double perReading(Trajectory.Series s, int window) {
    int n = s.size();
    int from = Math.max(2, n - window);
    double sum = 0;
    int count = 0;
    for (int i = from; i < n; i++) {
      double d = s.values()[i] - 2 * s.values()[i - 1] + s.values()[i - 2];
      sum += d * d;
      count++;
    }
    return count == 0 ? Double.NaN : Math.sqrt(sum / count / 6);
  }
}
