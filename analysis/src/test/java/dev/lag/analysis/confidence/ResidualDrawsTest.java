package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Held-out errors given by rank of the prediction, and what they do to a pick's confidence. */
class ResidualDrawsTest {
  @Test
  void eachCandidateGetsTheErrorOfItsRankAndPoolsOfOtherSizesMapByQuantile() {
    ResidualDraws draws = new ResidualDraws();
    // Predicted best (the lowest) first: errors +3, 0, -1, -2 by rank.
    draws.add(new double[] {0.5, -1, 2, 1}, new double[] {0, 3, -2, -1}, 1);
    double[] out = new double[4];
    draws.draw(new double[] {9, 7, 8, 6}, new SplittableRandom(1), out);
    assertTrue(java.util.Arrays.equals(new double[] {-2, 0, -1, 3}, out), "ranks 3, 1, 2, 0");
    double[] two = new double[2];
    draws.draw(new double[] {1, 0}, new SplittableRandom(1), two);
    assertEquals(3, two[1], 1e-12, "the favourite: the first rank");
    assertEquals(-2, two[0], 1e-12, "the last: the last rank");
  }

  @Test
  void vectorsAreDrawnByWeightAndOnesTooShortAreLeftOut() {
    ResidualDraws draws = new ResidualDraws();
    draws.add(new double[] {0, 1}, new double[] {1, -1}, 3);
    draws.add(new double[] {0, 1}, new double[] {-1, 1}, 1);
    draws.add(new double[] {0, 1}, new double[] {Double.NaN, 1}, 5);
    assertEquals(2, draws.size(), "one finite error is no vector");
    SplittableRandom random = new SplittableRandom(7);
    double[] out = new double[2];
    int first = 0;
    for (int i = 0; i < 4000; i++) {
      draws.draw(new double[] {0, 1}, random, out);
      first += out[0] > 0 ? 1 : 0;
    }
    assertEquals(0.75, first / 4000.0, 0.03, "weights 3 and 1");
  }

  /**
   * The winner's curse: where held-out favourites ended worse than predicted, a pick whose
   * favourite leads by one scale claims far less P(best) than normal errors of the same spread.
   */
  @Test
  void drawnErrorsCarryTheWinnersCurseThatNormalErrorsMiss() {
    ResidualDraws cursed = new ResidualDraws();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      double[] e = new double[4];
      e[0] = 1.5 + 0.3 * random.nextDouble(); // predicted best: ended worse
      for (int c = 1; c < 4; c++) {
        e[c] = -0.5 + 0.3 * random.nextDouble();
      }
      cursed.add(new double[] {-1, 0, 0.1, 0.2}, e, 1);
    }
    double[] prior = {-1, 0, 0, 0};
    double[] none = {0, 0, 0, 0};
    EvidenceModel normal = new EvidenceModel(1, 0, 0.3, new double[0], 10);
    Confidence n = normal.predict(prior, none, 1);
    Confidence r = normal.withErrors(cursed).predict(prior, none, 1);
    assertTrue(n.pBest()[0] > 0.8, "normal errors trust the lead: " + n.pBest()[0]);
    assertTrue(r.pBest()[0] < 0.05, "drawn errors remember it: " + r.pBest()[0]);
    assertTrue(r.pick() != 0, "and pick another");
    assertEquals(normal, normal.withErrors(new ResidualDraws()), "no vectors: normal errors");
  }

  @Test
  void parsesAndNamesTheBadValue() {
    assertEquals(ErrorModel.RESAMPLED, ErrorModel.parse("errors", "resampled "));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ErrorModel.parse("errors", "bootstrap"));
    assertTrue(e.getMessage().contains("errors=bootstrap: normal or resampled"), e.getMessage());
  }
}
