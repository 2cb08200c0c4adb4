package dev.lag.analysis.confidence;

import java.util.Locale;

/**
 * How the bank's claims fared on its own studies of a stage's regime: each of those studies picked
 * at the lag, one replica at a time and among its candidates grown by the pool's operators, by a
 * model fitted without it (as a new study is), and its pick checked against the study's
 * replica-averaged finals. A claim is only as good as its record where it is made: the calibration
 * is right where the bank is dense and over-sure where it is thin (RESULTS.md, the reliability
 * table by stage length), and a user at a 1600-step stage should see that such claims of about 0.5
 * came true about one time in ten there.
 *
 * @param lag the lag the picks were made at (steps after growth)
 * @param studies the bank's studies of the regime that were picked on (those that ran two or more
 *     of the pool's operators)
 * @param regime those studies' regime in words ("1600-step wsd"; empty when the stage is unknown
 *     and every study was picked on)
 * @param picks the picks (studies times replicas)
 * @param claimedBest the mean P(best) the picks claimed for their pick
 * @param cameBest how many picks ended best
 * @param claimedWithin the mean P(within 1 seed-noise SD of the best) claimed for the pick
 * @param cameWithin how many picks ended within 1 seed-noise SD of the best
 * @param meanRegret the picks' mean regret (the pick's final above the best, in the study's
 *     seed-noise SDs)
 * @param worstRegret their worst regret
 */
public record TrackRecord(
    long lag,
    int studies,
    String regime,
    int picks,
    double claimedBest,
    int cameBest,
    double claimedWithin,
    int cameWithin,
    double meanRegret,
    double worstRegret) {

  /** The record in words, for a selection's confidence. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "track record at lag %d on the bank's %d %sstudies, each picked among the pool's operators"
            + " by a model fitted without it: P(best) claimed %.2f on average, came true in %d of %d picks; P(within 1 SD)"
            + " claimed %.2f, came true in %d; regret %.2f seed-noise SDs on average, %.2f at"
            + " worst",
        lag,
        studies,
        regime.isEmpty() ? "" : regime + " ",
        claimedBest,
        cameBest,
        picks,
        claimedWithin,
        cameWithin,
        meanRegret,
        worstRegret);
  }

  /** Counts picks as they are checked, and makes the record. */
  static final class Tally {
    private int picks;
    private int best;
    private int within;
    private double claimedBest;
    private double claimedWithin;
    private double regret;
    private double worst;

    /**
     * Checks one pick: the claim made for its likeliest candidate against how the candidates ended.
     *
     * @param claim the pick's confidence
     * @param outcome each candidate's final, in seed-noise SDs
     */
    void add(Confidence claim, double[] outcome) {
      int pick = claim.pick();
      double min = java.util.Arrays.stream(outcome).min().orElse(Double.NaN);
      double miss = outcome[pick] - min;
      claimedBest += claim.pBest()[pick];
      claimedWithin += claim.pWithin()[pick];
      best += miss <= 0 ? 1 : 0;
      within += miss <= 1 ? 1 : 0;
      regret += miss;
      worst = Math.max(worst, miss);
      picks++;
    }

    /** How many picks were checked so far. */
    int picks() {
      return picks;
    }

    TrackRecord record(long lag, int studies, String regime) {
      return new TrackRecord(
          lag,
          studies,
          regime,
          picks,
          claimedBest / picks,
          best,
          claimedWithin / picks,
          within,
          regret / picks,
          worst);
    }
  }
}
