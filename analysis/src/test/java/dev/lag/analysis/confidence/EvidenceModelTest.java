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

  @Test
  void twinsClaimTheirModelsWholeChance() {
    EvidenceModel m = new EvidenceModel(1, 1, 1, new double[0], 10);
    double[] flat = new double[4];
    Confidence apart = m.predict(flat, flat, 7);
    Confidence one = m.predict(flat, flat, new Twins(new int[] {0, 0, 0, 3}), 7);
    for (int c = 0; c < 3; c++) {
      assertEquals(0.25, apart.pBest()[c], 0.03, "four models alike");
      assertEquals(0.5, one.pBest()[c], 0.03, "one model of three candidates against one");
      assertEquals(one.pBest()[0], one.pBest()[c], 1e-12);
      assertEquals(one.pWithin()[0], one.pWithin()[c], 1e-12);
    }
    assertEquals(0.5, one.pBest()[3], 0.03);
  }

  @Test
  void withoutTwinsThePredictionIsUnchanged() {
    EvidenceModel m = new EvidenceModel(0.7, 1.3, 0.8, new double[0], 10);
    double[] p = {0.5, -1, 2, 0};
    double[] e = {1, 0, -0.5, 0.3};
    Confidence a = m.predict(p, e, 11);
    Confidence b = m.predict(p, e, Twins.none(4), 11);
    org.junit.jupiter.api.Assertions.assertArrayEquals(a.pBest(), b.pBest());
    org.junit.jupiter.api.Assertions.assertArrayEquals(a.pWithin(), b.pWithin());
  }

  /**
   * Picks where three of six candidates are one model (the same final): drawn as one, the pick's
   * claimed P(best) and P(within 1 SD) match how often they come true; drawn as six, a twin's
   * claims fall well short (the bias the reliability table showed at 3200-step stages).
   */
  @Test
  void twinAwareClaimsAreCalibrated() {
    SplittableRandom random = new SplittableRandom(5);
    EvidenceModel m = new EvidenceModel(1, 1, 1, new double[0], 100);
    Twins twins = new Twins(new int[] {0, 0, 0, 3, 4, 5});
    double[] claimed = new double[4];
    double[] cameTrue = new double[4];
    int n = 1500;
    for (int i = 0; i < n; i++) {
      double[] p = new double[6];
      double[] e = new double[6];
      double[] y = new double[6];
      for (int c = 0; c < 6; c++) {
        int f = twins.first()[c];
        p[c] = f == c ? 0.8 * gaussian(random) : p[f];
        e[c] = f == c ? 0.8 * gaussian(random) : e[f];
      }
      // the model's own error unit: the prior's spread over the models
      double unit = EvidenceModel.scale(twins.distinct(p));
      for (int c = 0; c < 6; c++) {
        int f = twins.first()[c];
        y[c] = f == c ? p[c] + e[c] + unit * gaussian(random) : y[f];
      }
      Confidence one = m.predict(p, e, twins, i);
      Confidence apart = m.predict(p, e, i);
      double best = java.util.Arrays.stream(y).min().orElseThrow();
      // the twins' claims, as the first twin makes them
      claimed[0] += one.pBest()[0] / n;
      claimed[1] += apart.pBest()[0] / n;
      claimed[2] += one.pWithin()[0] / n;
      claimed[3] += apart.pWithin()[0] / n;
      cameTrue[0] += (y[0] == best ? 1.0 : 0) / n;
      cameTrue[2] += (y[0] - best <= 1 ? 1.0 : 0) / n;
    }
    assertEquals(cameTrue[0], claimed[0], 0.05, "P(best), twins drawn as one");
    assertEquals(cameTrue[2], claimed[2], 0.05, "P(within), twins drawn as one");
    // 0.05 is about five standard errors of a share near 0.25 over 1500 picks
    assertTrue(
        cameTrue[0] - claimed[1] > 0.05,
        "P(best), twins drawn apart: " + claimed[1] + " of " + cameTrue[0]);
    assertTrue(
        cameTrue[2] - claimed[3] > 0.05,
        "P(within), twins drawn apart: " + claimed[3] + " of " + cameTrue[2]);
  }

  @Test
  void aFitCountsEachModelOnce() {
    List<Outcome> distinct = picks(60, 0.5, 1.5, 1.0, 3);
    List<Outcome> doubled = new ArrayList<>();
    for (Outcome o : distinct) {
      // each pick's first candidate logged twice: a twin the fit must not count twice
      double[] p = prepend(o.prior());
      double[] e = prepend(o.evidence());
      double[] y = prepend(o.outcome());
      int[] first = new int[p.length];
      for (int c = 0; c < first.length; c++) {
        first[c] = c == 1 ? 0 : c;
      }
      doubled.add(Outcome.centred(p, e, y, new Twins(first)));
    }
    EvidenceModel a = EvidenceModel.fit(distinct);
    EvidenceModel b = EvidenceModel.fit(doubled);
    assertEquals(a.priorWeight(), b.priorWeight(), 1e-9);
    assertEquals(a.evidenceWeight(), b.evidenceWeight(), 1e-9);
    assertEquals(a.residualSd(), b.residualSd(), 1e-9);
  }

  private static double[] prepend(double[] v) {
    double[] out = new double[v.length + 1];
    out[0] = v[0];
    System.arraycopy(v, 0, out, 1, v.length);
    return out;
  }
}
