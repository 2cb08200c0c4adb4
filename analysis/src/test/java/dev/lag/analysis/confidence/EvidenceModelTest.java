package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvidenceModelTest {
  /** Picks of 8 candidates whose finals are a p + b e + N(0, sd^2). */
  static List<Outcome> picks(int n, double a, double b, double sd, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Outcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] p = new double[8];
      double[] e = new double[8];
      double[] y = new double[8];
      for (int c = 0; c < 8; c++) {
        p[c] = 2 * gaussian(random);
        e[c] = 2 * gaussian(random);
        y[c] = a * p[c] + b * e[c] + sd * gaussian(random);
      }
      out.add(Outcome.centred(p, e, y));
    }
    return out;
  }

  static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @Test
  void recoversTheWeightsAndTheSpread() {
    EvidenceModel m = EvidenceModel.fit(picks(400, 0.5, 1.5, 1.0, 1));
    assertNotNull(m);
    assertEquals(0.5, m.priorWeight(), 0.05);
    assertEquals(1.5, m.evidenceWeight(), 0.05);
    assertEquals(1.0, m.residualSd(), 0.05);
  }

  /**
   * The value-of-information bound: evidence with weight near zero cannot overturn the prior's
   * order however it reads; evidence that has predicted finals can, on a reading as favourable as
   * the widest seen, and evidence that predicted them backwards can too (it is read backwards).
   */
  @Test
  void onlyEvidenceWithWeightCanChangeThePick() {
    double[] prior = {-1.0, 0.0, 1.0};
    EvidenceModel useless = new EvidenceModel(0.8, 0.01, 1.0, 8.0, 100);
    EvidenceModel strong = new EvidenceModel(0.8, 0.5, 1.0, 8.0, 100);
    EvidenceModel backwards = new EvidenceModel(0.8, -0.5, 1.0, 8.0, 100);
    assertTrue(useless.couldFavour(prior, 0), "the prior's favourite stays the likeliest");
    assertFalse(useless.couldFavour(prior, 1), "a lead of 0.08 cannot close a gap of 0.8");
    assertTrue(strong.couldFavour(prior, 2), "a lead of 4 closes a gap of 1.6");
    assertTrue(backwards.couldFavour(prior, 2));
    EvidenceModel fitted = EvidenceModel.fit(picks(400, 0.5, 1.5, 1.0, 1));
    assertTrue(
        fitted.evidenceRange() > 8 && fitted.evidenceRange() < 20,
        "8 scores of SD 2, 400 picks: the widest spans about 4 to 5 SDs of 2 " + fitted);
  }

  /** Evidence that ranks backwards gets a negative weight: it is read for what it has meant. */
  @Test
  void evidenceThatRankedBackwardsIsReadBackwards() {
    EvidenceModel m = EvidenceModel.fit(picks(200, 1.0, -0.8, 1.0, 2));
    assertTrue(m.evidenceWeight() < -0.6, "weight " + m.evidenceWeight());
  }

  /** Claimed P(best) and P(within 1 SD) match the shares that come true on new picks. */
  @Test
  void itsProbabilitiesAreCalibratedWhereTheModelHolds() {
    EvidenceModel m = EvidenceModel.fit(picks(400, 0.5, 0.7, 1.5, 3));
    double[] claimedBest = new double[5];
    double[] trueBest = new double[5];
    int[] count = new int[5];
    double claimedWithin = 0;
    double trueWithin = 0;
    List<Outcome> fresh = picks(1500, 0.5, 0.7, 1.5, 4);
    for (int i = 0; i < fresh.size(); i++) {
      Outcome o = fresh.get(i);
      Confidence c = m.predict(o.prior(), o.evidence(), i);
      int pick = c.pick();
      double min = Double.POSITIVE_INFINITY;
      for (double y : o.outcome()) {
        min = Math.min(min, y);
      }
      int bin = Math.min(4, (int) (c.pBest()[pick] * 5));
      claimedBest[bin] += c.pBest()[pick];
      trueBest[bin] += o.outcome()[pick] == min ? 1 : 0;
      count[bin]++;
      claimedWithin += c.pWithin()[pick];
      trueWithin += o.outcome()[pick] - min <= 1 ? 1 : 0;
    }
    for (int b = 0; b < 5; b++) {
      if (count[b] >= 100) {
        assertEquals(claimedBest[b] / count[b], trueBest[b] / count[b], 0.06, "bin " + b);
      }
    }
    assertEquals(claimedWithin / fresh.size(), trueWithin / fresh.size(), 0.04);
  }

  @Test
  void tooFewPicksFitNothing() {
    assertNull(EvidenceModel.fit(picks(1, 0.5, 0.5, 1, 5)));
  }
}
