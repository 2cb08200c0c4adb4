package dev.lag.analysis.scoring;

import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * The annealing form of the loss (Tissue et al. 2024, arXiv 2408.11029): {@code L(s) = L0 + A
 * S1(s)^-alpha - C S2(s)}, where S1 is the area under the learning-rate curve up to step s (forward
 * progress) and S2 the annealing area (the drop a decay buys, with momentum {@code lambda}).
 * Candidates of one growth point share the schedule, so S1 and S2 are the same for all of them; a
 * candidate is its own {@code (L0, A)}, while {@code alpha} and {@code C} describe the schedule's
 * effect and are shared (fitted on full curves of earlier studies, see {@link #fit}).
 *
 * @param alpha the exponent of forward progress
 * @param c the weight of the annealing area
 */
public record AnnealingLaw(double alpha, double c) {
  /** The annealing momentum of the paper's fits. */
  public static final double LAMBDA = 0.999;

  /** Exponents the fit scans (refined around the best on a finer grid). */
  private static final double ALPHA_MIN = 0.05;

  private static final double ALPHA_MAX = 2.0;

  /**
   * S1 and S2 after each number of optimiser steps of a schedule: index s holds the areas after
   * steps 0 .. s-1 (an evaluation at step s sees s updates). Warm-up counts toward S1 only: S2
   * counts decreases of the rate.
   *
   * @param s1 forward area per step count
   * @param s2 annealing area per step count
   */
  public record Areas(double[] s1, double[] s2) {
    /** The areas of {@code schedule}, for step counts 0 .. total. */
    public static Areas of(LearningRateSchedule schedule) {
      int n = schedule.total();
      double[] s1 = new double[n + 1];
      double[] s2 = new double[n + 1];
      double momentum = 0;
      double previous = schedule.at(0);
      for (int i = 0; i < n; i++) {
        double rate = schedule.at(i);
        s1[i + 1] = s1[i] + rate;
        double drop = i >= schedule.warmup() ? Math.max(0, previous - rate) : 0;
        momentum = LAMBDA * momentum + drop;
        s2[i + 1] = s2[i] + momentum;
        previous = rate;
      }
      return new Areas(s1, s2);
    }

    double s1(long step) {
      return s1[(int) Math.min(step, s1.length - 1)];
    }

    double s2(long step) {
      return s2[(int) Math.min(step, s2.length - 1)];
    }
  }

  /**
   * One curve to fit: its points after growth (step 0, the moment of growth, is not on the law) and
   * the areas of the schedule it ran under.
   *
   * @param steps steps of the points
   * @param losses their losses
   * @param areas the schedule's areas
   */
  public record Curve(long[] steps, double[] losses, Areas areas) {
    /** The {@code metric} points of {@code t} in (0, until]. */
    public static Curve of(Trajectory t, Metric metric, long until, Areas areas) {
      Trajectory.Series s = t.seriesUpTo(metric, until);
      List<long[]> keep = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        if (s.steps()[i] > 0 && Double.isFinite(s.values()[i])) {
          keep.add(new long[] {s.steps()[i]});
          values.add(s.values()[i]);
        }
      }
      long[] steps = keep.stream().mapToLong(a -> a[0]).toArray();
      return new Curve(steps, values.stream().mapToDouble(Double::doubleValue).toArray(), areas);
    }
  }

  /**
   * The candidate's own {@code (L0, A)}: least squares of {@code L + C S2} on {@code [1,
   * S1^-alpha]}; null with fewer than two points.
   */
  double[] own(Curve curve) {
    int n = curve.steps().length;
    if (n < 2) {
      return null;
    }
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      double x = Math.pow(curve.areas().s1(curve.steps()[i]), -alpha);
      double y = curve.losses()[i] + c * curve.areas().s2(curve.steps()[i]);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double det = n * sxx - sx * sx;
    if (!(Math.abs(det) > 1e-300)) {
      return null;
    }
    double a = (n * sxy - sx * sy) / det;
    return new double[] {(sy - a * sx) / n, a};
  }

  /** The law's loss at {@code step} for a candidate's {@code (L0, A)}. */
  double at(double[] own, Areas areas, long step) {
    return own[0] + own[1] * Math.pow(areas.s1(step), -alpha) - c * areas.s2(step);
  }

  /**
   * Fits the shared {@code alpha} and {@code C} to full curves (each with its own {@code L0, A}) by
   * variable projection: for each alpha, the candidates' own parameters are projected out in closed
   * form, which leaves C as a one-dimensional least-squares problem; alpha is scanned on a grid and
   * refined.
   *
   * @return the law, or null when no curve has three points
   */
  public static AnnealingLaw fit(List<Curve> curves) {
    double bestAlpha = Double.NaN;
    double bestC = 0;
    double bestSse = Double.POSITIVE_INFINITY;
    for (int pass = 0; pass < 2; pass++) {
      double lo = pass == 0 ? ALPHA_MIN : Math.max(ALPHA_MIN, bestAlpha - 0.05);
      double hi = pass == 0 ? ALPHA_MAX : Math.min(ALPHA_MAX, bestAlpha + 0.05);
      double stepSize = pass == 0 ? 0.05 : 0.005;
      for (double alpha = lo; alpha <= hi + 1e-12; alpha += stepSize) {
        double[] fit = profile(curves, alpha);
        if (fit != null && fit[1] < bestSse) {
          bestSse = fit[1];
          bestAlpha = alpha;
          bestC = fit[0];
        }
      }
      if (Double.isNaN(bestAlpha)) {
        return null;
      }
    }
    return new AnnealingLaw(bestAlpha, bestC);
  }

  /** For one alpha: the best C and the sum of squared residuals, or null when nothing fits. */
  private static double[] profile(List<Curve> curves, double alpha) {
    double yy = 0;
    double ys = 0;
    double ss = 0;
    int used = 0;
    for (Curve curve : curves) {
      int n = curve.steps().length;
      if (n < 3) {
        continue;
      }
      double[] x = new double[n];
      double[] y = curve.losses();
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.pow(curve.areas().s1(curve.steps()[i]), -alpha);
        s[i] = curve.areas().s2(curve.steps()[i]);
      }
      double[] ry = residual(x, y);
      double[] rs = residual(x, s);
      for (int i = 0; i < n; i++) {
        yy += ry[i] * ry[i];
        ys += ry[i] * rs[i];
        ss += rs[i] * rs[i];
      }
      used++;
    }
    if (used == 0) {
      return null;
    }
    // Residual of L + C S2 after projecting out [1, x]: ry + C rs; minimised at C = -ys / ss.
    double c = ss > 0 ? -ys / ss : 0;
    return new double[] {c, yy + 2 * c * ys + c * c * ss};
  }

  /** {@code v} minus its least-squares fit on {@code [1, x]}. */
  private static double[] residual(double[] x, double[] v) {
    int n = x.length;
    double mx = 0;
    double mv = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      mv += v[i] / n;
    }
    double sxx = 0;
    double sxv = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxv += (x[i] - mx) * (v[i] - mv);
    }
    double slope = sxx > 0 ? sxv / sxx : 0;
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = v[i] - mv - slope * (x[i] - mx);
    }
    return r;
  }
}
