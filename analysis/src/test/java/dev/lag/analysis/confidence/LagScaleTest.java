package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.schedule.Decay;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A lag of the stage is read in each bank study at the same step, or at the same share. */
class LagScaleTest {
  private static final List<String> OPS = List.of("a", "b", "c");

  @Test
  void aShareOfTheStageMapsToTheSameShareOfTheStudys() {
    assertEquals(100, LagScale.STEPS.lagIn(100, 400, 1600));
    assertEquals(400, LagScale.FRACTION.lagIn(100, 400, 1600));
    assertEquals(13, LagScale.FRACTION.lagIn(50, 400, 100), "12.5 rounds to the nearest step");
    assertEquals(0, LagScale.FRACTION.lagIn(0, 400, 3200), "growth is growth at any length");
    assertEquals(LagScale.FRACTION, LagScale.parse("lags", " fraction"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> LagScale.parse("lags", "percent"));
    assertTrue(e.getMessage().contains("percent"), e.getMessage());
  }

  @Test
  void theModelAtALagReadsEachStudyWhereTheScaleSays() {
    BankStudy shorter = study("short", 400);
    BankStudy longer = study("long", 1600);
    BankStudy other = study("other", 800);
    Map<Long, TreeSet<Long>> asked = new LinkedHashMap<>();
    BankCalibration bank =
        new BankCalibration(
            List.of(shorter, longer, other),
            (s, others) -> recording(asked.computeIfAbsent(s.finalStep(), x -> new TreeSet<>())));
    BankCalibration.Regime stage = new BankCalibration.Regime(400, Decay.Kind.COSINE);

    assertTrue(bank.forStage(stage).model(100).isPresent());
    assertEquals(
        Map.of(400L, set(100), 1600L, set(100), 800L, set(100)), asked, "in steps: the same step");

    asked.clear();
    BankCalibration shares = bank.forStage(stage).withLagScale(LagScale.FRACTION);
    assertEquals(LagScale.FRACTION, shares.lagScale());
    assertTrue(shares.model(100).isPresent());
    assertEquals(
        Map.of(400L, set(100), 1600L, set(400), 800L, set(200)), asked, "a quarter of each stage");

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> bank.withLagScale(LagScale.FRACTION));
    assertTrue(e.getMessage().contains("stage"), e.getMessage());
  }

  private static TreeSet<Long> set(long k) {
    return new TreeSet<>(List.of(k));
  }

  /** A scorer that reads the loss at k and notes every k it was asked at. */
  private static Scorer recording(TreeSet<Long> asked) {
    return new Scorer() {
      @Override
      public String name() {
        return "recording";
      }

      @Override
      public Prediction predict(Trajectory t, long k, long finalStep) {
        asked.add(k);
        return new Prediction(t.points().get(t.points().size() - 1).evalLoss(), 0);
      }
    };
  }

  /** Three operators, three replicas, a curve evaluated every 10 steps to the stage's end. */
  private static BankStudy study(String name, long steps) {
    Map<String, String> growth = new LinkedHashMap<>();
    Map<String, Double> finals = new LinkedHashMap<>();
    Map<String, double[]> byReplica = new LinkedHashMap<>();
    List<Trajectory> runs = new ArrayList<>();
    for (int i = 0; i < OPS.size(); i++) {
      String op = OPS.get(i);
      growth.put(op, op);
      double[] f = new double[3];
      for (int r = 0; r < 3; r++) {
        double level = 1 + 0.01 * i + 0.002 * ((i + r) % 3);
        List<Point> points = new ArrayList<>();
        for (long step = 0; step <= steps; step += 10) {
          double loss = level + Math.exp(-step / 50.0);
          points.add(new Point(step, step * 100.0, step * 1e9, loss, loss));
        }
        runs.add(new Trajectory(r == 0 ? op : op + "#" + r, points));
        f[r] = points.get(points.size() - 1).evalLoss();
      }
      byReplica.put(op, f);
      finals.put(op, (f[0] + f[1] + f[2]) / 3);
    }
    return new BankStudy(
        Path.of(name),
        name,
        Map.of("steps", "" + steps),
        growth,
        steps,
        finals,
        byReplica,
        List.of(),
        runs);
  }
}
