package dev.lag.analysis.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.util.FastMath;

/**
 * The agreement statistics of bootstrap resamples of one pair of vectors, each resample given by
 * how many times it drew each candidate rather than as arrays.
 *
 * <p>Why: a resample holds the same values as the original, so the order of x and of y is known
 * once and for all. Spearman's rho then needs one pass over that order (the average rank of a tie
 * group is the count before it plus half its own count), Kendall's tau-b one pass with a Fenwick
 * tree over y's order, instead of sorting each resample again. On 1,000 candidates with 1,000
 * resamples per lag point the sorting was most of a lag curve's time.
 *
 * <p>Each value equals the statistic computed on the resample written out as arrays (copies of a
 * candidate tie with each other in both vectors): Spearman's and Kendall's to the bit, since their
 * sums are exact in either form; Pearson's to rounding.
 */
final class Resamples {
  private final double[] x;
  private final double[] y;
  private final Order xOrder;
  private final Order yOrder;

  Resamples(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
    }
    this.x = x;
    this.y = y;
    this.xOrder = Order.of(x);
    this.yOrder = Order.of(y);
  }

  /**
   * The statistic on the resample that draws candidate i {@code counts[i]} times; NaN when the
   * resample's x or y is constant.
   */
  double compute(RankStatistic statistic, int[] counts) {
    if (xOrder.constant(counts) || yOrder.constant(counts)) {
      return Double.NaN; // rounding would make Pearson's 0 / 0 a 1
    }
    return switch (statistic) {
      case SPEARMAN -> spearman(counts);
      case KENDALL -> kendall(counts);
      case PEARSON -> pearson(x, y, counts);
    };
  }

  private double spearman(int[] counts) {
    return pearson(xOrder.averageRanks(counts), yOrder.averageRanks(counts), counts);
  }

  /**
   * Tau-b as Commons Math computes it: (concordant - discordant) / sqrt((n0 - tiedX)(n0 - tiedY))
   * over the n0 = n(n - 1) / 2 pairs of the resample.
   */
  private double kendall(int[] counts) {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    long pairs = n * (n - 1) / 2;
    long tiedX = xOrder.tiedPairs(counts);
    long tiedY = yOrder.tiedPairs(counts);
    // Walk the candidates by increasing x, one tie group at a time; the tree holds the counts of
    // the groups already passed (smaller x) at their y positions. A pair with a smaller x is
    // concordant when its y is smaller too, discordant when larger; ties in either count neither.
    long[] tree = new long[x.length + 1];
    long passed = 0;
    long difference = 0;
    int[] order = xOrder.indices;
    for (int start = 0; start < order.length; ) {
      int end = xOrder.groupEnd[start];
      for (int p = start; p < end; p++) {
        int i = order[p];
        if (counts[i] == 0) {
          continue;
        }
        int position = yOrder.groupStartOf[i];
        long below = prefix(tree, position);
        long atOrBelow = prefix(tree, yOrder.groupEnd[position]);
        long above = passed - atOrBelow;
        difference += counts[i] * (below - above);
      }
      for (int p = start; p < end; p++) {
        int i = order[p];
        if (counts[i] != 0) {
          add(tree, yOrder.groupStartOf[i], counts[i]);
          passed += counts[i];
        }
      }
      start = end;
    }
    double nonTied = (pairs - tiedX) * (double) (pairs - tiedY);
    return difference / FastMath.sqrt(nonTied);
  }

  /** Sum of the tree's entries at positions {@code < end}. */
  private static long prefix(long[] tree, int end) {
    long sum = 0;
    for (int i = end; i > 0; i -= i & -i) {
      sum += tree[i];
    }
    return sum;
  }

  private static void add(long[] tree, int position, long value) {
    for (int i = position + 1; i < tree.length; i += i & -i) {
      tree[i] += value;
    }
  }

  /** The candidates sorted by one vector, with its tie groups. */
  private static final class Order {
    /** Candidate indices by increasing value. */
    final int[] indices;

    /** For each sorted position, where its tie group ends (exclusive). */
    final int[] groupEnd;

    /** For each candidate, the sorted position where its tie group starts. */
    final int[] groupStartOf;

    private Order(int[] indices, int[] groupEnd, int[] groupStartOf) {
      this.indices = indices;
      this.groupEnd = groupEnd;
      this.groupStartOf = groupStartOf;
    }

    static Order of(double[] v) {
      int n = v.length;
      int[] indices =
          IntStream.range(0, n)
              .boxed()
              .sorted(Comparator.comparingDouble(i -> v[i]))
              .mapToInt(Integer::intValue)
              .toArray();
      int[] groupEnd = new int[n];
      int[] groupStartOf = new int[n];
      for (int start = 0; start < n; ) {
        int end = start + 1;
        while (end < n && v[indices[end]] == v[indices[start]]) {
          end++;
        }
        Arrays.fill(groupEnd, start, end, end);
        for (int p = start; p < end; p++) {
          groupStartOf[indices[p]] = start;
        }
        start = end;
      }
      return new Order(indices, groupEnd, groupStartOf);
    }

    /** Each candidate's average rank (1-based) in the resample; 0 for one it did not draw. */
    double[] averageRanks(int[] counts) {
      double[] ranks = new double[indices.length];
      long before = 0;
      for (int start = 0; start < indices.length; ) {
        int end = groupEnd[start];
        long size = drawn(start, end, counts);
        double rank = before + (size + 1) / 2.0;
        for (int p = start; p < end; p++) {
          ranks[indices[p]] = rank;
        }
        before += size;
        start = end;
      }
      return ranks;
    }

    /** How many draws the resample made from sorted positions {@code [start, end)}. */
    private long drawn(int start, int end, int[] counts) {
      long size = 0;
      for (int p = start; p < end; p++) {
        size += counts[indices[p]];
      }
      return size;
    }

    /** Whether every candidate the resample drew has the same value. */
    boolean constant(int[] counts) {
      int first = -1;
      for (int p = 0; p < indices.length; p++) {
        if (counts[indices[p]] > 0) {
          if (first < 0) {
            first = p;
          } else if (groupEnd[first] <= p) {
            return false;
          }
        }
      }
      return true;
    }

    /** Pairs of the resample tied in this vector: t(t - 1) / 2 summed over its tie groups. */
    long tiedPairs(int[] counts) {
      long tied = 0;
      for (int start = 0; start < indices.length; ) {
        int end = groupEnd[start];
        long size = drawn(start, end, counts);
        tied += size * (size - 1) / 2;
        start = end;
      }
      return tied;
    }
  }

  /** Pearson's r of a resample given by counts. */
  private static double pearson(double[] x, double[] y, int[] counts) {
    double n = 0;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      n += counts[i];
      mx += counts[i] * x[i];
      my += counts[i] * y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxy += counts[i] * dx * dy;
      sxx += counts[i] * dx * dx;
      syy += counts[i] * dy * dy;
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
