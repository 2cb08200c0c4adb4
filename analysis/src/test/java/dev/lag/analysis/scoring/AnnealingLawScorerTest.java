package dev.lag.analysis.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnnealingLawScorerTest {
  static final AnnealingLaw TRUE = new AnnealingLaw(0.6, 40);

  /** A candidate's eval curve drawn from the law, every 20 steps, with Gaussian noise. */
  static Trajectory curve(
      String name, double l0, double a, LearningRateSchedule s, double noise, long seed) {
    AnnealingLaw.Areas areas = AnnealingLaw.Areas.of(s);
    SplittableRandom random = new SplittableRandom(seed);
    List<Point> points = new ArrayList<>();
    points.add(new Point(0, Double.NaN, Double.NaN, Double.NaN, l0 + 3)); // growth: off the law
    for (long step = 20; step <= s.total(); step += 20) {
      double loss = TRUE.at(new double[] {l0, a}, areas, step) + noise * random.nextGaussian();
      points.add(new Point(step, Double.NaN, Double.NaN, Double.NaN, loss));
    }
    return new Trajectory(name, points);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cosine", "wsd(decay=0.2)"})
  void theSharedParametersAreRecoveredFromFullCurves(String decay) {
    LearningRateSchedule s = new LearningRateSchedule(3e-3, 3e-4, 20, 800, decay);
    AnnealingLaw.Areas areas = AnnealingLaw.Areas.of(s);
    List<AnnealingLaw.Curve> curves = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Trajectory t = curve("c" + i, 1.0 + 0.02 * i, 0.3 + 0.05 * i, s, 0, i);
      curves.add(AnnealingLaw.Curve.of(t, Metric.EVAL_LOSS, s.total(), areas));
    }
    AnnealingLaw fitted = AnnealingLaw.fit(curves);
    assertNotNull(fitted);
    assertEquals(TRUE.alpha(), fitted.alpha(), 0.006, "alpha");
    assertEquals(TRUE.c(), fitted.c(), 0.05 * TRUE.c(), "C");
  }

  /**
   * Two candidates whose curves cross after the lag: b starts higher but falls faster. Read at 25%
   * of a WSD stage, the last loss ranks a first; the law, knowing the schedule, ranks b first, as
   * the end of the stage does.
   */
  @ParameterizedTest
  @ValueSource(strings = {"cosine", "wsd(decay=0.2)"})
  void ranksCurvesThatCrossLaterByWhereTheStageEnds(String decay) {
    LearningRateSchedule s = new LearningRateSchedule(3e-3, 3e-4, 20, 800, decay);
    Trajectory a = curve("a", 1.00, 0.10, s, 0.0005, 1);
    Trajectory b = curve("b", 0.80, 0.30, s, 0.0005, 2);
    long end = s.total();
    assertTrue(b.valueAt(Metric.EVAL_LOSS, end) < a.valueAt(Metric.EVAL_LOSS, end), "b ends best");
    long k = 200;
    assertTrue(a.valueAt(Metric.EVAL_LOSS, k) < b.valueAt(Metric.EVAL_LOSS, k), "a leads at k");
    Scorer law = new AnnealingLawScorer(TRUE, s, Metric.EVAL_LOSS);
    double pa = law.predict(a, k, end).value();
    double pb = law.predict(b, k, end).value();
    assertTrue(pb < pa, "the law ranks b first: " + pa + " vs " + pb);
    assertEquals(a.valueAt(Metric.EVAL_LOSS, end), pa, 0.01, "a's predicted end");
    assertEquals(b.valueAt(Metric.EVAL_LOSS, end), pb, 0.01, "b's predicted end");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20})
  void withFewerThanTwoPointsAfterGrowthThereIsNoEstimate(int k) {
    LearningRateSchedule s = new LearningRateSchedule(3e-3, 3e-4, 20, 400, "cosine");
    Trajectory a = curve("a", 1.0, 0.3, s, 0, 1);
    assertTrue(
        Double.isNaN(new AnnealingLawScorer(TRUE, s, Metric.EVAL_LOSS).predict(a, k, 400).value()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cosine", "wsd(decay=0.2)", "constant"})
  void theAreasFollowTheSchedule(String decay) {
    LearningRateSchedule s = new LearningRateSchedule(1.0, 0.1, 10, 100, decay);
    AnnealingLaw.Areas areas = AnnealingLaw.Areas.of(s);
    double sum = 0;
    for (int i = 0; i < 50; i++) {
      sum += s.at(i);
    }
    assertEquals(sum, areas.s1(50), 1e-12, "S1 is the area under the rates");
    assertEquals(0, areas.s2(10), 0, "warm-up anneals nothing");
    if (decay.equals("constant")) {
      assertEquals(0, areas.s2(100), 0, "a constant rate anneals nothing");
    } else {
      assertTrue(areas.s2(100) > areas.s2(90), "a decay adds annealing area");
    }
    if (decay.startsWith("wsd")) {
      assertEquals(0, areas.s2(80), 0, "the stable phase anneals nothing");
    }
  }
}
