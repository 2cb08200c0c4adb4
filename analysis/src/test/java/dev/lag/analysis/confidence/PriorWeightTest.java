package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A prior wrong by study, along its own direction: drawn so, the prior's claims are calibrated
 * where independent errors of the same size claim too much; measured out of sample, the spread of
 * the prior's weight is near zero where every study agrees and clearly positive where they do not.
 */
class PriorWeightTest {
  private static final List<String> OPS = List.of("a", "b", "c", "d", "e");

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /**
   * Picks the prior decides (no evidence): each study's finals follow the prior with its own
   * weight, {@code 1 + t u}, plus independent noise {@code s}. Claimed P(best) of the pick against
   * how often it came true, for a model drawn with the shared spread and one drawn with independent
   * errors of the same total variance.
   */
  @Test
  void aSharedErrorAlongThePriorIsClaimedRight() {
    double t = 1.2;
    double s = 0.5;
    SplittableRandom random = new SplittableRandom(3);
    EvidenceModel varying = new EvidenceModel(1, 0, s, t, new double[0], 100);
    double claimedVarying = 0;
    double claimedFixed = 0;
    double cameTrue = 0;
    int n = 1500;
    double[] none = new double[OPS.size()];
    for (int i = 0; i < n; i++) {
      double[] p = new double[OPS.size()];
      for (int c = 0; c < p.length; c++) {
        p[c] = 1.5 * gaussian(random);
      }
      p = Outcome.centre(p);
      double unit = EvidenceModel.scale(p);
      double weight = 1 + t * gaussian(random);
      double[] y = new double[p.length];
      for (int c = 0; c < p.length; c++) {
        y[c] = weight * p[c] + s * unit * gaussian(random);
      }
      // The same total variance per candidate, all of it independent.
      double along = 0;
      for (double x : p) {
        along += x * x / (unit * unit) / (p.length - 1);
      }
      EvidenceModel fixed =
          new EvidenceModel(1, 0, Math.sqrt(s * s + t * t * along), new double[0], 100);
      Confidence v = varying.predict(p, none, i);
      Confidence f = fixed.predict(p, none, i);
      int pick = v.pick();
      claimedVarying += v.pBest()[pick];
      claimedFixed += f.pBest()[pick];
      int best = 0;
      for (int c = 1; c < y.length; c++) {
        best = y[c] < y[best] ? c : best;
      }
      cameTrue += best == pick ? 1 : 0;
    }
    System.out.println(
        "came " + cameTrue / n + " varying " + claimedVarying / n + " fixed " + claimedFixed / n);
    assertEquals(cameTrue / n, claimedVarying / n, 0.03, "drawn along the prior");
    // A shared shift of the prior's weight keeps the prior's order unless it reverses its sign, so
    // independent errors of the same size claim too little here, not too much.
    assertTrue(cameTrue / n - claimedFixed / n > 0.05, "independent errors claim another share");
  }

  @Test
  void oneWeightDrawsAsBefore() {
    EvidenceModel before = new EvidenceModel(0.7, 1.3, 0.8, new double[0], 10);
    EvidenceModel zero = before.withPriorWeightSd(0, 0.8);
    double[] p = {0.5, -1, 2, 0};
    double[] e = {1, 0, -0.5, 0.3};
    assertArrayEquals(before.predict(p, e, 11).pBest(), zero.predict(p, e, 11).pBest());
  }

  /** A study of OPS whose finals are {@code 1 + weight * effect} (replicas 0.001 apart). */
  private static BankStudy study(String name, double weight, SplittableRandom random) {
    Map<String, String> growth = new LinkedHashMap<>();
    Map<String, Double> mean = new LinkedHashMap<>();
    Map<String, double[]> byReplica = new LinkedHashMap<>();
    List<Trajectory> runs = new ArrayList<>();
    for (int i = 0; i < OPS.size(); i++) {
      String op = OPS.get(i);
      double f = 1 + weight * 0.01 * i + 0.002 * gaussian(random);
      growth.put(op, op);
      mean.put(op, f);
      double[] replicas = new double[3];
      for (int r = 0; r < 3; r++) {
        replicas[r] = f + 0.001 * (((i + r) % 3) - 1); // replicas that disagree a little
      }
      byReplica.put(op, replicas);
      for (int r = 0; r < replicas.length; r++) {
        runs.add(
            new Trajectory(
                r == 0 ? op : op + "#" + r,
                List.of(
                    new Point(0, 0, 0, 2, 2),
                    new Point(400, 1e5, 1e12, replicas[r], replicas[r]))));
      }
    }
    return new BankStudy(
        Path.of(name),
        name,
        Map.of("schedule", "cosine"),
        growth,
        400,
        mean,
        byReplica,
        List.of(),
        runs);
  }

  private static double spreadOfPriorWeight(double[] weights) {
    SplittableRandom random = new SplittableRandom(7);
    List<BankStudy> studies = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      studies.add(study("s" + i, weights[i], random));
    }
    BankCalibration bank =
        new BankCalibration(studies, (s, others) -> null)
            .with(new CalibrationVariant(LagScale.STEPS, StudyWeights.EQUAL, PriorWeight.VARYING));
    return bank.priorOnly().orElseThrow().priorWeightSd();
  }

  @Test
  void theSpreadIsMeasuredOnStudiesHeldOut() {
    double agree = spreadOfPriorWeight(new double[] {1, 1, 1, 1, 1, 1, 1, 1});
    double disagree = spreadOfPriorWeight(new double[] {1.6, 0.2, 1, -0.5, 1.4, 0.6, 2, -0.2});
    assertTrue(agree < 0.1, "studies that agree: " + agree);
    assertTrue(disagree > 0.4, "studies that reverse the order: " + disagree);
    BankCalibration fixed =
        new BankCalibration(
            List.of(
                study("x", 1, new SplittableRandom(1)),
                study("y", 0, new SplittableRandom(2)),
                study("z", -1, new SplittableRandom(3))),
            (s, others) -> null);
    assertEquals(0, fixed.priorOnly().orElseThrow().priorWeightSd(), "one weight by default");
  }
}
