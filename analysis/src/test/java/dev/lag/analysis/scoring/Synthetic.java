package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic learning curves L(t) = a (t+1)^-b + c plus Gaussian noise, for scorer tests. */
final class Synthetic {
  private Synthetic() {}

  static Trajectory curve(
      String name, double a, double b, double c, double noise, long steps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Point> points = new ArrayList<>();
    for (long t = 0; t <= steps; t++) {
      points.add(Point.ofLoss(t, a * Math.pow(t + 1, -b) + c + noise * random.nextGaussian()));
    }
    return new Trajectory(name, points);
  }

  /**
   * A study whose curves cross: candidates that start worse (larger a) fall faster (larger b), so
   * the order at a short lag is often the reverse of the final order.
   */
  static List<Trajectory> crossingStudy(int candidates, long steps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Trajectory> study = new ArrayList<>();
    for (int i = 0; i < candidates; i++) {
      double a = 1 + 2 * random.nextDouble();
      // Curves of a and b meet near t = 3^(1 / 0.22) ~ 150 steps: before that the order is
      // reversed.
      double b = 0.2 + 0.11 * (a - 1) + 0.01 * random.nextGaussian();
      double c = 1.5 + 0.02 * random.nextDouble();
      study.add(curve("c" + i, a, b, c, 0.005, steps, random.nextLong()));
    }
    return study;
  }
}
