package dev.lag.analysis.trajectory;

import java.util.Arrays;
import java.util.List;

/**
 * The loss of each fixed held-out batch at one evaluation, in batch order: the evidence behind an
 * eval loss (its mean). Every candidate of a selection is evaluated on the same batches, so two
 * candidates compare batch by batch, and their difference carries the noise of the comparison, not
 * of the batches. Immutable; two are equal when their values are.
 */
public final class BatchLosses {
  /** No per-batch losses (a log that only has the mean). */
  public static final BatchLosses NONE = new BatchLosses(new double[0]);

  private final double[] values;

  private BatchLosses(double[] values) {
    this.values = values;
  }

  /** The losses of batches 0, 1, ... (copied). */
  public static BatchLosses of(double... values) {
    return values.length == 0 ? NONE : new BatchLosses(values.clone());
  }

  /** The losses of batches 0, 1, ... */
  public static BatchLosses of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Number of batches (0: none recorded). */
  public int size() {
    return values.length;
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return values.length == 0;
  }

  /** The loss of batch {@code i}. */
  public double get(int i) {
    return values[i];
  }

  /** The values, as a new array. */
  public double[] toArray() {
    return values.clone();
  }

  /** Their mean (NaN when there are none). */
  public double mean() {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Whether every value is finite. */
  public boolean finite() {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchLosses b && Arrays.equals(values, b.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
