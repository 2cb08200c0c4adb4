package dev.lag.analysis.confidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The errors of held-out picks, each pick's as one vector ordered by its prediction (the candidate
 * predicted best first), in units of that pick's {@link EvidenceModel#scale}, with the weight its
 * study had in the fit. A draw gives candidate {@code i} of a new pick, ranked by its own
 * prediction, the error of the same rank in a vector drawn by weight (the same quantile where pools
 * differ in size). Built once per fit; read only.
 */
public final class ResidualDraws {
  private final List<double[]> vectors = new ArrayList<>();
  private final List<Double> weights = new ArrayList<>();
  private double[] cumulative;

  /**
   * Adds one held-out pick's errors.
   *
   * @param predicted its predicted finals (any shift)
   * @param errors its finals minus the prediction, in units of its scale (NaN entries are skipped)
   * @param weight its study's weight in the fit (positive)
   */
  void add(double[] predicted, double[] errors, double weight) {
    Integer[] order = byValue(predicted);
    double[] v = new double[predicted.length];
    int n = 0;
    for (Integer c : order) {
      if (Double.isFinite(errors[c])) {
        v[n++] = errors[c];
      }
    }
    if (n >= 2 && weight > 0) {
      vectors.add(Arrays.copyOf(v, n));
      weights.add(weight);
      cumulative = null;
    }
  }

  /** Held-out picks kept. */
  public int size() {
    return vectors.size();
  }

  /**
   * One draw of every candidate's error, for a pick whose predictions are {@code predicted}.
   *
   * @param predicted the new pick's predicted finals
   * @param random the draw's source
   * @param out where each candidate's error goes (same order as {@code predicted})
   */
  void draw(double[] predicted, SplittableRandom random, double[] out) {
    double[] v = vectors.get(pickVector(random));
    Integer[] order = byValue(predicted);
    int k = predicted.length;
    for (int rank = 0; rank < k; rank++) {
      int at = k == 1 ? 0 : (int) Math.round(rank * (v.length - 1) / (double) (k - 1));
      out[order[rank]] = v[at];
    }
  }

  private int pickVector(SplittableRandom random) {
    if (cumulative == null) {
      cumulative = new double[weights.size()];
      double sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
    }
    double u = random.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, u);
    return Math.min(cumulative.length - 1, i >= 0 ? i + 1 : -i - 1);
  }

  /** Indices sorted by value, lowest (best) first; ties keep their order. */
  private static Integer[] byValue(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
    return order;
  }
}
