package dev.lag.analysis.curve;

import dev.lag.analysis.stats.Correlation;

/**
 * How well the score at lag k ranks the candidates by their final loss.
 *
 * @param step the lag k
 * @param spearman Spearman's rho between the scores at k and the final values
 * @param kendall Kendall's tau-b between them
 * @param pearson Pearson's r between them
 * @param pick the candidate with the best score at k
 * @param top1 whether the pick is also the best at the end
 * @param regret final loss of the pick minus the best final loss
 * @param relativeRegret {@code regret} divided by the best final loss
 * @param regretInNoise {@code regret} in units of the seed noise (NaN with one replica)
 * @param tiedWithPick candidates the pick cannot be told from at this lag (see {@link
 *     LagCurveResult#uncertainty})
 */
public record LagPoint(
    long step,
    Correlation spearman,
    Correlation kendall,
    Correlation pearson,
    String pick,
    boolean top1,
    double regret,
    double relativeRegret,
    double regretInNoise,
    java.util.List<String> tiedWithPick) {}
