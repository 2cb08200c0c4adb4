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
 * @param difference its score minus the leader's (NaN when unknown)
 * @param differenceLow the lower end of that difference's 95% interval (NaN when unknown)
 * @param differenceHigh its upper end
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
    double finalValue,
    double difference,
    double differenceLow,
    double differenceHigh) {

  /** A row without a difference to the leader (logs, studies). */
  public RankedCandidate(
      int rank,
      String name,
      double score,
      double stdError,
      long stepsTrained,
      String status,
      boolean tiedWithWinner,
      int finalRank,
      double finalValue) {
    this(
        rank,
        name,
        score,
        stdError,
        stepsTrained,
        status,
        tiedWithWinner,
        finalRank,
        finalValue,
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }
}
