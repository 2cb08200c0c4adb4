package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The spread fitted to the held-out winners finds the spread their outcomes were drawn with. */
class LikelihoodSpreadTest {
  /**
   * Picks of eight candidates whose predictions are a quarter SD apart, their outcomes the
   * prediction plus normal errors of spread {@code truth}.
   */
  private static List<LikelihoodSpread.HeldOut> picks(double truth, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<LikelihoodSpread.HeldOut> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] mean = new double[8];
      double[] outcome = new double[8];
      for (int c = 0; c < 8; c++) {
        mean[c] = 0.25 * c + 0.1 * EvidenceModel.gaussian(random);
        outcome[c] = mean[c] + truth * EvidenceModel.gaussian(random);
      }
      out.add(new LikelihoodSpread.HeldOut(mean, 1, outcome, 1));
    }
    return out;
  }

  @Test
  void findsTheSpreadTheWinnersWereDrawnWith() {
    // Spreads up to about the predictions' range: far beyond it every candidate is about as likely
    // to end best, whatever the spread, and the winners say little about it.
    for (double truth : new double[] {0.25, 1}) {
      // Started an octave off either way, as a residual spread dominated by other candidates is.
      for (double start : new double[] {truth / 2, truth * 2}) {
        double fitted = LikelihoodSpread.fit(picks(truth, 300, 7), start);
        double octaves = Math.abs(Math.log(fitted / truth) / Math.log(2));
        assertTrue(octaves <= 0.5, "truth " + truth + " from " + start + ": " + fitted);
      }
    }
  }

  @Test
  void aWeightlessStudyChangesNothing() {
    List<LikelihoodSpread.HeldOut> picks = picks(1, 200, 11);
    double alone = LikelihoodSpread.fit(picks, 1);
    List<LikelihoodSpread.HeldOut> withOther = new ArrayList<>(picks);
    for (LikelihoodSpread.HeldOut p : picks(0.1, 200, 12)) {
      withOther.add(new LikelihoodSpread.HeldOut(p.mean(), p.unit(), p.outcome(), 0));
    }
    assertEquals(alone, LikelihoodSpread.fit(withOther, 1), 1e-12);
  }

  @Test
  void noPicksKeepTheResidualsSpread() {
    assertEquals(1.7, LikelihoodSpread.fit(List.of(), 1.7), 0);
  }

  @Test
  void parsesAndNamesTheBadValue() {
    assertEquals(ErrorSpread.LIKELIHOOD, ErrorSpread.parse("spread", "likelihood "));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ErrorSpread.parse("spread", "wide"));
    assertTrue(e.getMessage().contains("spread=wide: residuals or likelihood"), e.getMessage());
    assertEquals(
        ", weigh=regime, spread=likelihood",
        new CalibrationVariant(LagScale.STEPS, StudyWeights.REGIME, ErrorSpread.LIKELIHOOD)
            .suffix());
  }
}
