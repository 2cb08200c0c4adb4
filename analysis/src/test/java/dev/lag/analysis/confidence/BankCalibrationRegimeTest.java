package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.schedule.Decay;
import dev.lag.analysis.stats.ArgMin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** For a known stage, the bank's prior comes from the studies nearest its length and schedule. */
class BankCalibrationRegimeTest {
  private static final List<String> OPS = List.of("a", "b", "c");

  /** A study of operators a, b, c with these finals (3 replicas that disagree a little). */
  static BankStudy study(String name, long steps, String schedule, double... finals) {
    Map<String, String> growth = new LinkedHashMap<>();
    Map<String, Double> mean = new LinkedHashMap<>();
    Map<String, double[]> byReplica = new LinkedHashMap<>();
    for (int i = 0; i < OPS.size(); i++) {
      growth.put(OPS.get(i), OPS.get(i));
      mean.put(OPS.get(i), finals[i]);
      double[] r = new double[3];
      for (int k = 0; k < 3; k++) {
        r[k] = finals[i] + 0.001 * (((i + k) % 3) - 1);
      }
      byReplica.put(OPS.get(i), r);
    }
    return new BankStudy(
        Path.of(name),
        name,
        Map.of("schedule", schedule),
        growth,
        steps,
        mean,
        byReplica,
        List.of(),
        List.of());
  }

  // Short cosine stages favour a; the long WSD stage favours c, by far more seed-noise SDs.
  private static final BankStudy SHORT_1 = study("short-1", 400, "cosine", 1.00, 1.01, 1.02);
  private static final BankStudy SHORT_2 = study("short-2", 400, "cosine", 1.00, 1.01, 1.02);
  private static final BankStudy LONG = study("long", 3200, "wsd(decay=0.2)", 2.0, 1.5, 1.0);
  private static final BankCalibration BANK =
      new BankCalibration(List.of(SHORT_1, SHORT_2, LONG), (s, others) -> null);

  /** The operator the bank's prior puts first for a stage of this length and family. */
  private static int firstFor(long steps, Decay.Kind family) {
    return ArgMin.of(BANK.forStage(new BankCalibration.Regime(steps, family)).prior(OPS));
  }

  @Test
  void aStagesPriorComesFromTheNearestRegime() {
    assertEquals(2, ArgMin.of(BANK.prior(OPS)), "every study: the long stage's margins dominate");
    assertEquals(0, firstFor(400, Decay.Kind.COSINE));
    assertEquals(0, firstFor(800, Decay.Kind.COSINE), "an octave away");
    assertEquals(2, firstFor(3200, Decay.Kind.WSD));
    // 1600 steps of WSD: one octave and the same family from the long study, two and another
    // family from the short ones.
    assertEquals(2, firstFor(1600, Decay.Kind.WSD));
  }

  @Test
  void nearestKeepsEveryStudyAtTheLeastDistance() {
    BankCalibration.Regime shortCosine = new BankCalibration.Regime(400, Decay.Kind.COSINE);
    assertEquals(
        List.of(SHORT_1, SHORT_2),
        BankCalibration.nearest(List.of(SHORT_1, SHORT_2, LONG), shortCosine));
    assertEquals(0, BankCalibration.Regime.of(SHORT_1).distance(shortCosine), 0);
    assertEquals(
        4, BankCalibration.Regime.of(LONG).distance(shortCosine), 1e-12, "3 octaves, and WSD");
  }

  @Test
  void inTheFitEachStudysPriorComesFromTheOthersNearestIt() {
    BankCalibration staged = BANK.forStage(new BankCalibration.Regime(400, Decay.Kind.COSINE));
    double[] leftOut = staged.prior(SHORT_1, OPS, List.of(SHORT_2, LONG));
    assertEquals(0, ArgMin.of(leftOut), "from short-2 alone");
    double[] everyOther = BANK.prior(SHORT_1, OPS, List.of(SHORT_2, LONG));
    assertTrue(ArgMin.of(everyOther) == 2, "unstaged, the long stage's margins win");
  }
}
