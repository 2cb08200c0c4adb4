package dev.lag.analysis.stats;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * A share of successes with its binomial confidence interval.
 *
 * <p>The Wilson score interval rather than the normal approximation: accuracies of small models sit
 * near 0 or near chance, where the normal interval leaves [0, 1] and undercovers.
 *
 * @param successes trials that succeeded
 * @param trials trials in all (at least 1)
 * @param lower lower end of the 95% interval
 * @param upper upper end of the 95% interval
 */
public record Proportion(int successes, int trials, double lower, double upper) {
  /** Confidence of the interval. */
  public static final double CONFIDENCE = 0.95;

  /** The share of {@code successes} in {@code trials}, with its 95% Wilson interval. */
  public static Proportion of(int successes, int trials) {
    if (trials < 1 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(successes + " successes of " + trials + " trials");
    }
    ConfidenceInterval ci = new WilsonScoreInterval().createInterval(trials, successes, CONFIDENCE);
    // At 0 or n successes the bound is exactly 0 or 1; the formula leaves rounding dust.
    return new Proportion(
        successes,
        trials,
        successes == 0 ? 0 : ci.getLowerBound(),
        successes == trials ? 1 : ci.getUpperBound());
  }

  /** The observed share. */
  public double value() {
    return successes / (double) trials;
  }
}
