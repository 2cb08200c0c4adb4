package dev.lag.selector;

import dev.lag.analysis.trajectory.Point;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A candidate trainer whose candidates follow known curves {@code start e^(-t/tau) + end (1 -
 * e^(-t/tau))}: early order differs from final order, as after growth. Counts the steps it trains.
 */
final class CurveTrainer implements CandidateTrainer {
  final Map<String, double[]> curves;
  long steps;

  CurveTrainer(Map<String, double[]> curves) {
    this.curves = curves;
  }

  static double loss(double[] c, long t) {
    double w = Math.exp(-t / c[2]);
    return w * c[0] + (1 - w) * c[1];
  }

  @Override
  public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
    double[] c = curves.get(candidate.name());
    if (from == 0) {
      report.accept(new Point(0, 0, 0, Double.NaN, loss(c, 0)));
    }
    for (long t = from + 1; t <= until; t++) {
      steps++;
      if (c.length > 3 && t >= c[3]) {
        report.accept(new Point(t, 100 * t, 1e6 * t, Double.NaN, Double.POSITIVE_INFINITY));
        return;
      }
      report.accept(new Point(t, 100 * t, 1e6 * t, loss(c, t), loss(c, t)));
    }
  }
}
