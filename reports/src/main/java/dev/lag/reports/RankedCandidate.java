package dev.lag.reports;

/**
 * One row of a ranking: where a candidate stood at the lag and, when it was trained that far, at
 * the end.
 *
 * @param rank 1-based rank at the lag (ties keep input order)
 * @param name the candidate
 * @param score its score at the lag (lower is better; NaN if unknown)
 * @param stdError the score's standard error (NaN if unknown)
 * @param stepsTrained steps the candidate ran
 * @param status {@code ranked}, {@code stopped}, {@code diverged} or the policy's word
 * @param tiedWithWinner whether its score cannot be told from the winner's
 * @param finalRank 1-based rank by final loss, or 0 when the candidate did not reach the end
 * @param finalValue final loss, NaN when unknown
 */
public record RankedCandidate(
    int rank,
    String name,
    double score,
    double stdError,
    long stepsTrained,
    String status,
    boolean tiedWithWinner,
    int finalRank,
    double finalValue) {}
