package dev.lag.analysis.confidence;

/**
 * How sure a pick is, per candidate.
 *
 * @param mean the predicted final loss, centred, in seed-noise SDs (lower is better)
 * @param pBest the probability that it ends best
 * @param pWithin the probability that it ends within one seed-noise SD of the best
 */
public record Confidence(double[] mean, double[] pBest, double[] pWithin) {
  /** The candidate most likely to end best. */
  public int pick() {
    int best = 0;
    for (int c = 1; c < pBest.length; c++) {
      if (pBest[c] > pBest[best] || (pBest[c] == pBest[best] && mean[c] < mean[best])) {
        best = c;
      }
    }
    return best;
  }
}
