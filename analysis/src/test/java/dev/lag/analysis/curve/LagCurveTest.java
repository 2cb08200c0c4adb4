package dev.lag.analysis.curve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagCurveTest {
  /** Candidate i starts at a loss that is NOT ordered like its final loss, then settles. */
  static Trajectory candidate(String name, double start, double end) {
    List<Point> points = new ArrayList<>();
    for (long t = 0; t <= 100; t++) {
      double w = Math.exp(-t / 10.0);
      points.add(Point.ofLoss(t, w * start + (1 - w) * end));
    }
    return new Trajectory(name, points);
  }

  static final List<Trajectory> POOL =
      List.of(
          candidate("a", 3.0, 1.90),
          candidate("b", 2.5, 1.95),
          candidate("c", 2.0, 2.00),
          candidate("d", 2.2, 2.05),
          candidate("e", 2.8, 2.10));

  LagCurve curve() {
    return new LagCurve(
        new LastValueScorer(Metric.TRAIN_LOSS), Metric.TRAIN_LOSS, 1, RankAgreement.standard(1));
  }

  @Test
  void earlyLossMisleadsAndTheLagFixesIt() {
    LagCurveResult r = curve().compute(POOL, 100, new long[] {0, 5, 20, 50, 100});
    assertEquals("a", r.best());
    LagPoint k0 = r.points().get(0);
    assertEquals("c", k0.pick(), "right after growth the lowest loss is c");
    assertFalse(k0.top1());
    double regret = r.finalValues().get("c") - r.finalValues().get("a");
    assertEquals(0.10, regret, 1e-3);
    assertEquals(regret, k0.regret(), 1e-12);
    assertEquals(regret / r.finalValues().get("a"), k0.relativeRegret(), 1e-12);
    assertTrue(k0.spearman().value() < 0, "rank agreement at k=0 is negative: " + k0.spearman());
    LagPoint k50 = r.points().get(3);
    assertEquals(1.0, k50.spearman().value(), 1e-12);
    assertTrue(k50.top1());
    assertEquals(0, k50.regret());
    assertEquals(50, r.stableFrom(), "at k=20 c (2.00) still leads a (2.05); from k=50 on a does");
  }

  @Test
  void divergedCandidatesRankLastAndDoNotPoisonStatistics() {
    List<Trajectory> pool = new ArrayList<>(POOL);
    pool.add(
        new Trajectory(
            "nan",
            List.of(Point.ofLoss(0, 1.0), Point.ofLoss(50, Double.POSITIVE_INFINITY)),
            true));
    LagCurveResult r = curve().compute(pool, 100, new long[] {0, 50, 100});
    assertEquals(List.of("nan"), r.diverged());
    assertEquals(1.0, r.points().get(1).spearman().value(), 1e-12);
    assertTrue(
        r.points().stream().noneMatch(p -> p.pick().equals("nan")),
        "a diverged run is never picked");
    ObjectNode json = LagCurveJson.toJson(r, new ObjectMapper());
    assertTrue(json.path("candidates").get(5).path("final").isNull());
    assertTrue(json.path("candidates").get(5).path("diverged").asBoolean());
    assertEquals(2, json.path("schemaVersion").asInt());
  }

  @Test
  void singleCandidateHasUndefinedCorrelationWithAReason() {
    LagCurveResult r = curve().compute(List.of(POOL.get(0)), 100, new long[] {0, 100});
    assertFalse(r.points().get(0).spearman().defined());
    ObjectNode json = LagCurveJson.toJson(r, new ObjectMapper());
    assertTrue(json.path("curve").get(0).path("spearman").isNull());
    assertTrue(json.path("curve").get(0).path("undefined").asText().contains("at least 3"));
  }

  @Test
  void tiesAreReportedWhenScoresAreWithinNoise() {
    List<Point> p1 = new ArrayList<>();
    List<Point> p2 = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (long t = 0; t <= 100; t++) {
      p1.add(Point.ofLoss(t, 2.000 + 0.02 * random.nextGaussian()));
      p2.add(Point.ofLoss(t, 2.001 + 0.02 * random.nextGaussian()));
    }
    List<Trajectory> pool =
        List.of(new Trajectory("x", p1), new Trajectory("y", p2), candidate("far", 5, 4));
    LagPoint last = curve().compute(pool, 100, new long[] {100}).points().get(0);
    assertEquals(1, last.tiedWithPick().size(), "x and y cannot be told apart: " + last);
    assertFalse(last.tiedWithPick().contains("far"));
  }

  @Test
  void geometricGridIsDenseEarly() {
    long[] grid = LagCurve.geometricGrid(10_000, 12);
    assertEquals(0, grid[0]);
    assertEquals(10_000, grid[grid.length - 1]);
    assertTrue(grid[3] < 30, java.util.Arrays.toString(grid));
  }

  @Test
  void jsonRoundTripKeepsEveryNumberAndTie() {
    LagCurveResult r = curve().compute(POOL, 100, new long[] {0, 5, 20, 100});
    ObjectMapper json = new ObjectMapper();
    ObjectNode node = LagCurveJson.toJson(r, json);
    LagCurveResult back = LagCurveJson.fromJson(node);
    assertEquals(r.candidates(), back.candidates());
    assertEquals(r.finalValues(), back.finalValues());
    assertEquals(r.best(), back.best());
    assertEquals(r.stableFrom(), back.stableFrom());
    assertEquals(r.points().size(), back.points().size());
    for (int i = 0; i < r.points().size(); i++) {
      LagPoint a = r.points().get(i);
      LagPoint b = back.points().get(i);
      assertEquals(a.step(), b.step());
      assertEquals(a.spearman().value(), b.spearman().value(), 0);
      assertEquals(a.spearman().ciLow(), b.spearman().ciLow(), 0);
      assertEquals(a.kendall().pValue(), b.kendall().pValue(), 0);
      assertEquals(a.pick(), b.pick());
      assertEquals(a.tiedWithPick(), b.tiedWithPick());
      assertEquals(a.regret(), b.regret(), 0);
    }
    assertEquals(LagCurveJson.toJson(back, json), node, "writing it again gives the same JSON");
  }

  @Test
  void readingAnotherSchemaVersionNamesTheField() {
    ObjectNode node =
        LagCurveJson.toJson(curve().compute(POOL, 100, new long[] {0}), new ObjectMapper());
    node.put("schemaVersion", 7);
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.lag.analysis.InvalidInputException.class, () -> LagCurveJson.fromJson(node));
    assertTrue(e.getMessage().contains("schemaVersion=7"), e.getMessage());
  }

  @Test
  void seedNoiseIsTheCandidateBySeedSpreadNotTheCommonShift() {
    // Seed 2 is easier for everyone by 0.5: a common shift, no noise at all.
    List<double[]> shifted = List.of(new double[] {2.0, 1.5}, new double[] {2.1, 1.6});
    assertEquals(0, LagCurve.seedNoise(shifted), 1e-12);
    // Candidates swap by 0.02 between seeds: centred finals -0.01/+0.01 and +0.01/-0.01, each with
    // an SD over 2 seeds of 0.01 * sqrt(2).
    List<double[]> swap = List.of(new double[] {2.00, 2.02}, new double[] {2.02, 2.00});
    assertEquals(0.01 * Math.sqrt(2), LagCurve.seedNoise(swap), 1e-12);
    assertTrue(Double.isNaN(LagCurve.seedNoise(List.of(new double[] {1.0}, new double[] {2.0}))));
  }

  @Test
  void replicatedCandidatesAreScoredAndJudgedOnTheirMeans() {
    // Two replicas each: b is better on average, and the regret of picking a is in noise units.
    java.util.Map<String, List<Trajectory>> pool = new java.util.LinkedHashMap<>();
    pool.put("a", List.of(line("a", 3.0, 2.05), line("a", 3.0, 2.03)));
    pool.put("b", List.of(line("b", 3.1, 2.00), line("b", 3.1, 2.02)));
    pool.put("c", List.of(line("c", 3.2, 2.10), line("c", 3.2, 2.10)));
    LagCurveResult r = curve().computeReplicated(pool, 100, new long[] {0, 100});
    assertEquals(2, r.replicas());
    assertEquals("b", r.best());
    assertEquals(2.04, r.finalValues().get("a"), 1e-12);
    LagPoint atZero = r.points().get(0);
    assertEquals("a", atZero.pick(), "a starts lowest");
    assertEquals(0.03, atZero.regret(), 1e-12);
    assertEquals(0.03 / r.seedNoise(), atZero.regretInNoise(), 1e-12);
  }

  private static Trajectory line(String name, double start, double end) {
    return new Trajectory(name, List.of(Point.ofLoss(0, start), Point.ofLoss(100, end)));
  }
}
