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
 * @param tiedWithPick candidates whose score at k is within the combined standard error of the
 *     pick's (the pick cannot be told from them at this lag)
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
    java.util.List<String> tiedWithPick) {}
