package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Trajectory;

/** Step-to-step noise of a loss series, for the uncertainty of the simple scorers. */
final class Noise {
  private Noise() {}

  /**
   * Standard deviation of one reading, from the last {@code window} values: half the variance of
   * successive differences (robust to a slow trend, unlike the plain sample variance).
   */
  static double perReading(Trajectory.Series s, int window) {
    int n = s.size();
    int from = Math.max(1, n - window);
    double sum = 0;
    int count = 0;
    for (int i = from; i < n; i++) {
      double d = s.values()[i] - s.values()[i - 1];
      sum += d * d;
      count++;
    }
    return count == 0 ? Double.NaN : Math.sqrt(sum / count / 2);
  }
}
