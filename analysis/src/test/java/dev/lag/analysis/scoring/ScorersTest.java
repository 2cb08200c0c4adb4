package dev.lag.analysis.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.learn.LeastSquaresRegressor;
import dev.lag.analysis.learn.Regressor;
import dev.lag.analysis.stats.RankStatistic;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fitting.WeightedObservedPoint;
import org.junit.jupiter.api.Test;

class ScorersTest {
  @Test
  void powerLawRecoversKnownParametersFromNoisyCurves() {
    double[][] truths = {{2.0, 0.5, 1.5}, {3.0, 0.3, 2.0}, {1.0, 0.8, 1.0}};
    for (double[] p : truths) {
      Trajectory t = Synthetic.curve("t", p[0], p[1], p[2], 0.005, 2000, 11);
      List<WeightedObservedPoint> points = new ArrayList<>();
      for (var point : t.points()) {
        if (point.step() > 0) {
          points.add(new WeightedObservedPoint(1, point.step(), point.trainLoss()));
        }
      }
      double[] fit = PowerLawScorer.fit(points, t.valueAt(Metric.TRAIN_LOSS, 2000));
      assertNotNull(fit);
      assertEquals(p[0], fit[0], 0.1 * p[0], "a");
      assertEquals(p[1], fit[1], 0.1 * p[1], "b");
      assertEquals(p[2], fit[2], 0.02, "c");
    }
  }

  @Test
  void powerLawExtrapolatesBetterThanTheLastValue() {
    Trajectory t = Synthetic.curve("t", 2.0, 0.5, 1.5, 0.005, 5000, 3);
    double truth = 2.0 * Math.pow(5001, -0.5) + 1.5;
    Prediction power = new PowerLawScorer(Metric.TRAIN_LOSS, 0.7).predict(t, 500, 5000);
    Prediction last = new LastValueScorer(Metric.TRAIN_LOSS).predict(t, 500, 5000);
    assertTrue(
        Math.abs(power.value() - truth) < 0.2 * Math.abs(last.value() - truth),
        power + " vs " + last);
    assertTrue(power.stdError() > 0 && power.stdError() < 0.02);
  }

  @Test
  void simpleScorersIgnoreEverythingAfterTheLag() {
    Trajectory t = Synthetic.curve("t", 2.0, 0.5, 1.5, 0.01, 300, 5);
    for (String name : List.of("last", "ema", "mean", "powerlaw")) {
      Scorer s = Scorers.byName(name, Metric.TRAIN_LOSS);
      assertEquals(s.predict(t.upTo(100), 100, 300), s.predict(t, 100, 300), name);
    }
    Prediction last = new LastValueScorer(Metric.TRAIN_LOSS).predict(t, 100, 300);
    assertEquals(0.01, last.stdError(), 0.005, "noise of one reading is estimated");
  }

  @Test
  void learnedPredictorBeatsTheLastLossWhereCurvesCross() {
    List<Trajectory> training = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      training.addAll(Synthetic.crossingStudy(8, 400, 100 + s));
    }
    for (Regressor regressor : List.of(new LeastSquaresRegressor())) {
      LearnedScorer learned =
          LearnedScorer.train(training, Metric.TRAIN_LOSS, new double[] {0.1, 0.2, 0.3}, regressor);
      double learnedRho = 0;
      double lastRho = 0;
      int studies = 10;
      for (int s = 0; s < studies; s++) {
        List<Trajectory> heldOut = Synthetic.crossingStudy(8, 400, 900 + s);
        learnedRho += rho(learned, heldOut, 40, 400);
        lastRho += rho(new LastValueScorer(Metric.TRAIN_LOSS), heldOut, 40, 400);
      }
      assertTrue(
          learnedRho / studies > lastRho / studies + 0.2,
          regressor.name()
              + ": learned rho "
              + learnedRho / studies
              + " vs last "
              + lastRho / studies);
    }
  }

  @Test
  void learnedScorerNeedsTrainingData() {
    assertThrows(InvalidInputException.class, () -> Scorers.byName("learned", Metric.TRAIN_LOSS));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Scorers.byName("best", Metric.TRAIN_LOSS));
    assertTrue(
        e.getMessage().contains("last, eval, ema, mean, powerlaw, cooldown(c), learned"),
        e.getMessage());
  }

  @Test
  void readingNoiseIgnoresTheBendOfAFallingCurve() {
    // A curve that falls fast and bends, with noise of 0.01 per reading: the scatter around a
    // local quadratic is the noise, not the curvature (second differences of sparse evaluations
    // counted the curvature too).
    Trajectory t = Synthetic.curve("t", 3.0, 0.9, 1.0, 0.01, 400, 17);
    double noise = Noise.perReading(t.series(Metric.TRAIN_LOSS), 20);
    assertEquals(0.01, noise, 0.004);
    Trajectory smooth = Synthetic.curve("s", 3.0, 0.9, 1.0, 0.0, 40, 17);
    assertTrue(
        Noise.perReading(smooth.series(Metric.TRAIN_LOSS), 20) < 0.005,
        "a noiseless bend is not noise");
  }

  @Test
  void theLastEvalLossCarriesItsBatchesAsEvidence() {
    var points = new ArrayList<dev.lag.analysis.trajectory.Point>();
    points.add(
        new dev.lag.analysis.trajectory.Point(0, 0, 0, Double.NaN, 2.0)
            .withEvalBatches(dev.lag.analysis.trajectory.BatchLosses.of(1.9, 2.1)));
    points.add(dev.lag.analysis.trajectory.Point.ofLoss(5, 1.7));
    Trajectory t = new Trajectory("t", points);
    Prediction p = new LastValueScorer(Metric.EVAL_LOSS).predict(t, 5, 10);
    assertEquals(2.0, p.value());
    assertEquals(dev.lag.analysis.trajectory.BatchLosses.of(1.9, 2.1), p.evidence());
    Prediction train = new LastValueScorer(Metric.TRAIN_LOSS).predict(t, 5, 10);
    assertEquals(dev.lag.analysis.trajectory.BatchLosses.of(1.7), train.evidence());
  }

  @Test
  void theCooldownScorerReadsTheProbeOfItsLength() {
    var probe10 =
        new dev.lag.analysis.trajectory.Probe(
            10, 1.5, dev.lag.analysis.trajectory.BatchLosses.of(1.4, 1.6), 1e9);
    var probe30 = new dev.lag.analysis.trajectory.Probe(30, 1.4, null, 3e9);
    Trajectory t =
        new Trajectory(
            "t",
            List.of(
                dev.lag.analysis.trajectory.Point.ofLoss(20, 2.0),
                dev.lag.analysis.trajectory.Point.ofProbes(20, List.of(probe10, probe30))));
    assertEquals(1.5, Scorers.byName("cooldown(10)", Metric.EVAL_LOSS).predict(t, 20, 100).value());
    assertEquals(
        1.4, Scorers.byName("cooldown(c=30)", Metric.EVAL_LOSS).predict(t, 25, 100).value());
    assertTrue(
        Double.isNaN(Scorers.byName("cooldown(5)", Metric.EVAL_LOSS).predict(t, 20, 100).value()),
        "no probe of that length: nothing to score");
    assertTrue(
        Double.isNaN(new CooldownScorer(10).predict(t, 19, 100).value()),
        "the probe at 20 is after the lag 19");
    assertThrows(
        InvalidInputException.class, () -> Scorers.byName("cooldown(0)", Metric.EVAL_LOSS));
    assertThrows(
        InvalidInputException.class, () -> Scorers.byName("cooldown(x)", Metric.EVAL_LOSS));
  }

  private static double rho(Scorer scorer, List<Trajectory> study, long k, long end) {
    double[] predicted =
        study.stream().mapToDouble(t -> scorer.predict(t, k, end).value()).toArray();
    double[] actual = study.stream().mapToDouble(t -> t.valueAt(Metric.TRAIN_LOSS, end)).toArray();
    return RankStatistic.SPEARMAN.compute(predicted, actual);
  }
}
