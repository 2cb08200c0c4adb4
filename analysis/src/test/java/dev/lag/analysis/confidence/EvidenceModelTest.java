package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvidenceModelTest {
  /**
   * Picks of 8 candidates whose finals are a p + b e + N(0, (sd scale(p))^2), the prior's spread
   * differing from pick to pick (from 0.5 to 6 seed-noise SDs) as it does between regimes.
   */
  static List<Outcome> picks(int n, double a, double b, double sd, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Outcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] p = new double[8];
      double[] e = new double[8];
      double[] y = new double[8];
      double gaps = 0.5 + 5.5 * random.nextDouble();
      for (int c = 0; c < 8; c++) {
        p[c] = gaps * gaussian(random);
        e[c] = 2 * gaussian(random);
      }
      double unit = EvidenceModel.scale(p);
      for (int c = 0; c < 8; c++) {
        y[c] = a * p[c] + b * e[c] + sd * unit * gaussian(random);
      }
      out.add(Outcome.centred(p, e, y));
    }
    return out;
  }

  @Test
  void theScaleIsThePriorsSpreadWithTheFinalsOwnNoise() {
    assertEquals(1.0, EvidenceModel.scale(new double[] {3, 3, 3}), 1e-12, "a flat prior");
    // centred -1, 0, 1: variance 1 over K - 1, plus 1
    assertEquals(Math.sqrt(2), EvidenceModel.scale(new double[] {4, 5, 6}), 1e-12);
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
   * Picks from two regimes whose evidence means different things: weighted, the fit follows the
   * picks that count; equal weights land between; weight 0 is the same as leaving picks out.
   */
  @Test
  void weightsLetThePicksThatCountDecide() {
    List<Outcome> near = picks(300, 0.5, 1.5, 1.0, 2);
    List<Outcome> far = picks(300, 0.5, -0.5, 1.0, 3);
    List<Outcome> all = new ArrayList<>(near);
    all.addAll(far);
    double[] w = new double[all.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = i < near.size() ? 1 : 1e-6;
    }
    EvidenceModel weighted = EvidenceModel.fit(all, w);
    EvidenceModel alone = EvidenceModel.fit(near);
    assertEquals(alone.evidenceWeight(), weighted.evidenceWeight(), 1e-3);
    assertEquals(alone.residualSd(), weighted.residualSd(), 0.02);
    double pooled = EvidenceModel.fit(all).evidenceWeight();
    assertTrue(pooled > -0.4 && pooled < 1.4, "equal weights land between: " + pooled);
    double[] halves = new double[all.size()];
    java.util.Arrays.fill(halves, 0.5);
    assertEquals(pooled, EvidenceModel.fit(all, halves).evidenceWeight(), 1e-9, "a common scale");
  }

  /**
   * The value of a reading: near zero for evidence with weight near zero (it cannot overturn the
   * prior's order), large for evidence that has predicted finals, read backwards too when it has
   * predicted them backwards, and larger when the prior's gaps are narrow.
   */
  @Test
  void aReadingIsWorthWhatItCouldChange() {
    double[] prior = {-1.0, 0.0, 1.0};
    double[] readings = new SplittableRandom(9).doubles(500).map(u -> 4 * (u - 0.5)).toArray();
    EvidenceModel useless = new EvidenceModel(0.8, 0.01, 1.0, readings, 100);
    EvidenceModel strong = new EvidenceModel(0.8, 1.0, 1.0, readings, 100);
    EvidenceModel backwards = new EvidenceModel(0.8, -1.0, 1.0, readings, 100);
    assertEquals(0, useless.expectedGain(prior, 0, 1), 1e-12, "0.04 of lead cannot close 0.8");
    assertTrue(strong.expectedGain(prior, 0, 1) > 0.2, "readings of +-2 overturn gaps of 0.8");
    assertEquals(strong.expectedGain(prior, 0, 1), backwards.expectedGain(prior, 0, 1), 0.05);
    double[] flat = {0.0, 0.0, 0.0};
    assertTrue(strong.expectedGain(flat, 0, 1) > strong.expectedGain(prior, 0, 1));
    assertTrue(strong.expectedGain(prior, 2, 1) > strong.expectedGain(prior, 0, 1), "a bad pick");
    EvidenceModel fitted = EvidenceModel.fit(picks(400, 0.5, 1.5, 1.0, 1));
    assertEquals(3200, fitted.readings().length, "every centred score it saw");
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
    List<Outcome> fresh = picks(3000, 0.5, 0.7, 1.5, 4);
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
      if (count[b] >= 200) {
        assertEquals(claimedBest[b] / count[b], trueBest[b] / count[b], 0.08, "bin " + b);
      }
    }
    assertEquals(claimedWithin / fresh.size(), trueWithin / fresh.size(), 0.04);
  }

  @Test
  void tooFewPicksFitNothing() {
    assertNull(EvidenceModel.fit(picks(1, 0.5, 0.5, 1, 5)));
  }
}
