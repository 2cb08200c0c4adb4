package dev.lag.analysis.trajectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A candidate's immutable series of logged points, ordered by step (a later duplicate of a step
 * replaces the earlier one). Logs with different step grids are compared by the documented
 * alignment rule: the value of a metric at step k is the last finite value logged at or before k.
 */
public final class Trajectory {
  private final String name;
  private final Point[] points;
  private final long[] steps;
  private final boolean diverged;
  private final Map<Metric, Series> finite = new ConcurrentHashMap<>(2);

  /** A trajectory of the given points (any order); diverged if any loss is infinite. */
  public Trajectory(String name, List<Point> points) {
    this(name, points, false);
  }

  /**
   * A trajectory of the given points (any order).
   *
   * @param diverged whether the run is known to have diverged (a NaN loss in its log, say)
   */
  public Trajectory(String name, List<Point> points, boolean diverged) {
    this.name = name;
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingLong(Point::step));
    List<Point> unique = new ArrayList<>();
    for (Point p : sorted) {
      if (!unique.isEmpty() && unique.get(unique.size() - 1).step() == p.step()) {
        unique.set(unique.size() - 1, unique.get(unique.size() - 1).mergedWith(p));
      } else {
        unique.add(p);
      }
    }
    this.points = unique.toArray(Point[]::new);
    this.steps = unique.stream().mapToLong(Point::step).toArray();
    this.diverged = diverged || unique.stream().anyMatch(Trajectory::infinite);
  }

  /** A prefix of sorted, de-duplicated points: {@link #upTo} needs no re-sorting. */
  private Trajectory(String name, Point[] points, long[] steps, boolean diverged) {
    this.name = name;
    this.points = points;
    this.steps = steps;
    this.diverged = diverged;
  }

  private static boolean infinite(Point p) {
    return Double.isInfinite(p.trainLoss()) || Double.isInfinite(p.evalLoss());
  }

  /** The candidate's name. */
  public String name() {
    return name;
  }

  /** The points in step order. */
  public List<Point> points() {
    return List.of(points);
  }

  /** Number of points. */
  public int size() {
    return points.length;
  }

  /** Whether nothing was logged. */
  public boolean isEmpty() {
    return points.length == 0;
  }

  /** The last logged step, or -1 when empty. */
  public long lastStep() {
    return points.length == 0 ? -1 : steps[steps.length - 1];
  }

  /**
   * Whether {@code other} logged the same points, every value to the last bit: what two candidates
   * that are one model, trained on the same data, log.
   */
  public boolean samePoints(Trajectory other) {
    return Arrays.equals(points, other.points);
  }

  /** Whether the run diverged (a non-finite loss was logged, or its record says so). */
  public boolean diverged() {
    return diverged;
  }

  /** Whether the metric was ever logged with a finite value. */
  public boolean has(Metric metric) {
    for (Point p : points) {
      if (Double.isFinite(p.get(metric))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The last finite value of the metric logged at or before {@code step}; NaN when there is none.
   * This is the alignment rule for logs on different step grids.
   */
  public double valueAt(Metric metric, long step) {
    int i = indexAtOrBefore(step);
    for (; i >= 0; i--) {
      double v = points[i].get(metric);
      if (Double.isFinite(v)) {
        return v;
      }
    }
    return Double.NaN;
  }

  /** The step of the value {@link #valueAt} returns, or -1. */
  public long stepOfValueAt(Metric metric, long step) {
    for (int i = indexAtOrBefore(step); i >= 0; i--) {
      if (Double.isFinite(points[i].get(metric))) {
        return steps[i];
      }
    }
    return -1;
  }

  /**
   * The per-batch held-out losses behind {@link #valueAt}{@code (EVAL_LOSS, step)}: those of the
   * last evaluation at or before {@code step}; NONE when that evaluation recorded none.
   */
  public BatchLosses evalBatchesAt(long step) {
    for (int i = indexAtOrBefore(step); i >= 0; i--) {
      if (Double.isFinite(points[i].evalLoss())) {
        return points[i].evalBatches();
      }
    }
    return BatchLosses.NONE;
  }

  /** The last cooldown probe of {@code steps} steps taken at or before {@code step}, or null. */
  public Probe probeAt(long step, int steps) {
    for (int i = indexAtOrBefore(step); i >= 0; i--) {
      for (Probe p : points[i].probes()) {
        if (p.steps() == steps) {
          return p;
        }
      }
    }
    return null;
  }

  /** The points with step at most {@code step}: what was known then. */
  public Trajectory upTo(long step) {
    int end = indexAtOrBefore(step) + 1;
    if (end == points.length) {
      return this;
    }
    return new Trajectory(name, Arrays.copyOf(points, end), Arrays.copyOf(steps, end), diverged);
  }

  /** The finite values of the metric with their steps, in order. */
  public Series series(Metric metric) {
    return seriesUpTo(metric, Long.MAX_VALUE);
  }

  /**
   * The finite values of the metric logged at or before {@code step}, with their steps, in order:
   * {@code upTo(step).series(metric)} without copying the points. Scorers read a curve at every lag
   * of every study of a bank, so the series is collected once per metric and copied out.
   */
  public Series seriesUpTo(Metric metric, long step) {
    Series all = finite.computeIfAbsent(metric, this::collect);
    // Steps are unique: found, keep it; not found, keep everything before where it would go.
    int at = Arrays.binarySearch(all.steps(), step);
    int n = at >= 0 ? at + 1 : -at - 1;
    // Copies: a Series is a caller's to keep (and, being arrays, to change).
    return new Series(Arrays.copyOf(all.steps(), n), Arrays.copyOf(all.values(), n));
  }

  private Series collect(Metric metric) {
    int n = 0;
    for (Point p : points) {
      if (Double.isFinite(p.get(metric))) {
        n++;
      }
    }
    long[] s = new long[n];
    double[] v = new double[n];
    int j = 0;
    for (Point p : points) {
      if (Double.isFinite(p.get(metric))) {
        s[j] = p.step();
        v[j++] = p.get(metric);
      }
    }
    return new Series(s, v);
  }

  /**
   * Exponential moving average of the metric up to {@code step}, with the given half-life in steps;
   * gaps between logged steps decay by their length. NaN when nothing was logged.
   */
  public double ema(Metric metric, long step, double halfLife) {
    Series s = seriesUpTo(metric, step);
    if (s.size() == 0) {
      return Double.NaN;
    }
    double value = s.values()[0];
    for (int i = 1; i < s.size(); i++) {
      double keep = Math.pow(0.5, (s.steps()[i] - s.steps()[i - 1]) / halfLife);
      value = keep * value + (1 - keep) * s.values()[i];
    }
    return value;
  }

  /** Mean of the metric over the logged steps in {@code (step - window, step]}; NaN if none. */
  public double trailingMean(Metric metric, long step, long window) {
    Series s = seriesUpTo(metric, step);
    double sum = 0;
    int n = 0;
    for (int i = s.size() - 1; i >= 0 && s.steps()[i] > step - window; i--) {
      sum += s.values()[i];
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private int indexAtOrBefore(long step) {
    int i = Arrays.binarySearch(steps, step);
    return i >= 0 ? i : -i - 2;
  }

  @Override
  public String toString() {
    return "Trajectory[" + name + ", " + points.length + " points]";
  }

  /**
   * Steps and values of one metric.
   *
   * @param steps the steps, increasing
   * @param values the finite values
   */
  public record Series(long[] steps, double[] values) {
    /** Number of values. */
    public int size() {
      return values.length;
    }
  }
}
