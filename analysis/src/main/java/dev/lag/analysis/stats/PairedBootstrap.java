package dev.lag.analysis.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How sure a ranking of candidates is, from evidence they share. Each candidate's score is the
 * mean, over its seed replicas, of the mean of a vector of values (the per-batch held-out losses of
 * one evaluation, say); replica r of every candidate saw the same data order, and value i of every
 * vector the same eval batch. A seeded bootstrap resamples replicas and values with the same
 * indices for every candidate, so what varies is what the comparison is uncertain about (which data
 * order, which eval sample), and what all candidates share (a hard batch, a lucky order) cancels in
 * their differences.
 *
 * <p>With one replica only the eval sample is resampled: the seed noise is not measured, and the
 * result says so. With one value per replica (a training loss) only replicas are. With neither
 * there is nothing to resample, and {@link #compare} returns no comparison.
 */
public final class PairedBootstrap {
  private final int draws;
  private final double confidence;
  private final long seed;

  /**
   * @param draws bootstrap draws
   * @param confidence coverage of the intervals, e.g. 0.95
   * @param seed the draws' seed: the same evidence gives the same answer
   */
  public PairedBootstrap(int draws, double confidence, long seed) {
    if (draws < 100) {
      throw new IllegalArgumentException("draws=" + draws + ": at least 100");
    }
    this.draws = draws;
    this.confidence = confidence;
    this.seed = seed;
  }

  /** 2,000 draws, 95% intervals. */
  public static PairedBootstrap standard(long seed) {
    return new PairedBootstrap(2000, 0.95, seed);
  }

  /**
   * One candidate's evidence: per replica, the values whose mean is that replica's score.
   *
   * @param replicas one array per replica, all of the same length
   */
  public record Evidence(List<double[]> replicas) {
    /** A candidate with one replica whose score is the mean of {@code values}. */
    public static Evidence of(double... values) {
      return new Evidence(List.<double[]>of(values.clone()));
    }

    /** Number of values per replica. */
    public int width() {
      return replicas.isEmpty() ? 0 : replicas.get(0).length;
    }

    /** The score: the mean over replicas of the mean of their values. */
    public double score() {
      double sum = 0;
      for (double[] r : replicas) {
        sum += Arrays.stream(r).average().orElse(Double.NaN);
      }
      return sum / replicas.size();
    }
  }

  /**
   * One candidate against the leader.
   *
   * @param score its score
   * @param stdError the bootstrap standard deviation of its score: its standard error over what was
   *     resampled
   * @param difference its score minus the leader's (0 for the leader)
   * @param low the lower end of the interval of the difference
   * @param high the upper end
   * @param best the share of draws in which it scored lowest
   */
  public record Comparison(
      double score, double stdError, double difference, double low, double high, double best) {
    /** Whether the interval of the difference holds 0: the data cannot tell it from the leader. */
    public boolean tied() {
      return low <= 0 && high >= 0;
    }
  }

  /**
   * The comparison of every candidate with the lowest-scoring one.
   *
   * @param leader index of the candidate with the lowest score
   * @param comparisons per candidate, in input order
   * @param replicas replicas resampled (1: seed noise not measured)
   * @param values values per replica resampled (1: one value per replica)
   * @param draws the bootstrap draws
   * @param regret per draw, the score of each candidate minus the lowest score of that draw
   */
  public record Result(
      int leader,
      List<Comparison> comparisons,
      int replicas,
      int values,
      int draws,
      double[][] regret) {
    /** What the intervals measure, in words. */
    public String measures() {
      String batches = values + " eval batches";
      String seeds = replicas + " seed replicas (data order and new weights)";
      // A bootstrap of a handful of values has a handful of distinct resamples.
      String rough = (replicas < 3 && values < 5) ? "; so few, the intervals are rough" : "";
      if (replicas > 1 && values > 1) {
        return "paired bootstrap over " + seeds + " and " + batches + rough;
      }
      if (replicas > 1) {
        return "paired bootstrap over " + seeds + rough;
      }
      return "paired bootstrap over "
          + batches
          + " (one replica: seed noise not measured; replicas=N measures it)"
          + rough;
    }

    /**
     * The expected regret of picking {@code candidate}: the mean over draws of its score minus the
     * lowest score, in score units.
     */
    public double expectedRegret(int candidate) {
      return Arrays.stream(regret[candidate]).average().orElse(Double.NaN);
    }
  }

  /**
   * Compares candidates on their shared evidence; empty when there is nothing to resample (one
   * replica of one value each) or the evidence is not shared (different numbers of replicas or
   * values).
   */
  public java.util.Optional<Result> compare(List<Evidence> candidates) {
    if (!resamplable(candidates)) {
      return java.util.Optional.empty();
    }
    int n = candidates.get(0).replicas().size();
    int m = candidates.get(0).width();
    int k = candidates.size();
    // Per candidate and replica, the values as one flat array: the draw loop touches them often.
    double[][][] v = new double[k][][];
    for (int c = 0; c < k; c++) {
      v[c] = candidates.get(c).replicas().toArray(double[][]::new);
    }
    double[] observed = new double[k];
    int leader = 0;
    for (int c = 0; c < k; c++) {
      observed[c] = candidates.get(c).score();
      if (observed[c] < observed[leader]) {
        leader = c;
      }
    }
    double[][] scores = new double[k][draws];
    double[][] regret = new double[k][draws];
    int[] wins = new int[k];
    SplittableRandom random = new SplittableRandom(seed);
    int[] rs = new int[n];
    int[] bs = new int[m];
    for (int d = 0; d < draws; d++) {
      for (int i = 0; i < n; i++) {
        rs[i] = n == 1 ? 0 : random.nextInt(n);
      }
      for (int i = 0; i < m; i++) {
        bs[i] = m == 1 ? 0 : random.nextInt(m);
      }
      double min = Double.POSITIVE_INFINITY;
      int argmin = 0;
      for (int c = 0; c < k; c++) {
        double sum = 0;
        for (int r : rs) {
          double[] values = v[c][r];
          for (int b : bs) {
            sum += values[b];
          }
        }
        scores[c][d] = sum / ((double) n * m);
        if (scores[c][d] < min) {
          min = scores[c][d];
          argmin = c;
        }
      }
      wins[argmin]++;
      for (int c = 0; c < k; c++) {
        regret[c][d] = scores[c][d] - min;
      }
    }
    double tail = (1 - confidence) / 2;
    List<Comparison> out = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      double[] diff = new double[draws];
      for (int d = 0; d < draws; d++) {
        diff[d] = scores[c][d] - scores[leader][d];
      }
      Arrays.sort(diff);
      out.add(
          new Comparison(
              observed[c],
              sd(scores[c]),
              observed[c] - observed[leader],
              c == leader ? 0 : quantile(diff, tail),
              c == leader ? 0 : quantile(diff, 1 - tail),
              wins[c] / (double) draws));
    }
    return java.util.Optional.of(new Result(leader, out, n, m, draws, regret));
  }

  /**
   * Whether the evidence is shared and there is something to resample: every candidate has the same
   * replicas and values per replica, all finite, and more than one value in all.
   */
  private static boolean resamplable(List<Evidence> candidates) {
    if (candidates.isEmpty()) {
      return false;
    }
    int n = candidates.get(0).replicas().size();
    int m = candidates.get(0).width();
    for (Evidence e : candidates) {
      if (e.replicas().size() != n || n == 0) {
        return false;
      }
      for (double[] r : e.replicas()) {
        if (r.length != m || m == 0 || !Arrays.stream(r).allMatch(Double::isFinite)) {
          return false;
        }
      }
    }
    return !(n == 1 && m == 1);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double sd(double[] values) {
    double mean = Arrays.stream(values).average().orElse(Double.NaN);
    double sq = 0;
    for (double v : values) {
      sq += (v - mean) * (v - mean);
    }
    return Math.sqrt(sq / Math.max(1, values.length - 1));
  }
}
