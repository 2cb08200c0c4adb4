package dev.lag.analysis.stats;

/** The index of the smallest value: the candidate a score or a prior puts first. */
public final class ArgMin {
  private ArgMin() {}

  /** The first index of the smallest value (0 for an empty array; a NaN is never the smallest). */
  public static int of(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] < values[best]) {
        best = i;
      }
    }
    return best;
  }
}
