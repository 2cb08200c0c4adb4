package dev.lag.analysis.bench;

import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How long the lag curve takes on a large pool: synthetic power-law curves with noise, timed per
 * lag point (scoring every candidate, three correlations with p-values and 1,000-resample bootstrap
 * intervals, regret and ties).
 */
public final class AnalysisBenchmark {
  private AnalysisBenchmark() {}

  /**
   * Figures of one run.
   *
   * @param candidates pool size
   * @param steps logged steps per candidate
   * @param lagPoints lags on the grid
   * @param buildSeconds time to build the trajectories
   * @param secondsPerLagPoint mean time per lag point
   */
  public record Figures(
      int candidates, long steps, int lagPoints, double buildSeconds, double secondsPerLagPoint) {}

  /** Builds the pool and times the curve on a geometric grid of {@code lagPoints} lags. */
  public static Figures run(int candidates, long steps, int lagPoints, Scorer scorer) {
    long start = System.nanoTime();
    SplittableRandom random = new SplittableRandom(42);
    List<Trajectory> pool = new ArrayList<>(candidates);
    for (int i = 0; i < candidates; i++) {
      double a = 1 + random.nextDouble();
      double b = 0.3 + 0.2 * random.nextDouble();
      double c = 1.5 + 0.2 * random.nextDouble();
      List<Point> points = new ArrayList<>((int) steps);
      for (long t = 0; t < steps; t++) {
        points.add(Point.ofLoss(t, a * Math.pow(t + 1, -b) + c + 0.02 * random.nextGaussian()));
      }
      pool.add(new Trajectory("c" + i, points));
    }
    double build = (System.nanoTime() - start) / 1e9;
    long[] grid = LagCurve.geometricGrid(steps - 1, lagPoints);
    LagCurve curve = new LagCurve(scorer, Metric.TRAIN_LOSS, 1, RankAgreement.standard(1));
    long t0 = System.nanoTime();
    LagCurveResult result = curve.compute(pool, steps - 1, grid);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Figures(
        candidates, steps, result.points().size(), build, seconds / result.points().size());
  }
}
