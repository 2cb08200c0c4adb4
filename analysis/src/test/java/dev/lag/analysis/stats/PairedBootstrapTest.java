package dev.lag.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  /**
   * Candidates on 16 eval batches whose difficulty varies a lot (a shared effect of 0.5 per batch)
   * while candidate b is better than a by 0.01 on every batch, plus small independent noise.
   */
  static double[][] sharedBatches(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[16];
    double[] b = new double[16];
    for (int i = 0; i < 16; i++) {
      double batch = 2 + 0.5 * r.nextGaussian();
      a[i] = batch + 0.002 * r.nextGaussian();
      b[i] = batch - 0.01 + 0.002 * r.nextGaussian();
    }
    return new double[][] {a, b};
  }

  @Test
  void pairingCancelsWhatCandidatesShare() {
    double[][] v = sharedBatches(1);
    PairedBootstrap.Result r =
        PairedBootstrap.standard(7)
            .compare(List.of(PairedBootstrap.Evidence.of(v[0]), PairedBootstrap.Evidence.of(v[1])))
            .orElseThrow();
    assertEquals(1, r.leader(), "b scores lower");
    PairedBootstrap.Comparison a = r.comparisons().get(0);
    assertEquals(0.01, a.difference(), 0.003);
    assertFalse(a.tied(), "the difference is far outside the paired noise: " + a);
    // Unpaired, each score's own spread over batches (0.5/sqrt(16)) dwarfs the difference.
    assertTrue(a.stdError() > 0.05, "the score itself is uncertain: " + a.stdError());
    assertTrue(a.high() - a.low() < 0.01, "the paired interval is narrow: " + a);
    assertTrue(r.comparisons().get(1).best() > 0.95, "b is best in nearly every draw");
  }

  @Test
  void candidatesThatDifferOnlyByNoiseAreTied() {
    SplittableRandom random = new SplittableRandom(3);
    List<PairedBootstrap.Evidence> pool = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      double[] v = new double[12];
      for (int i = 0; i < v.length; i++) {
        v[i] = 2 + 0.05 * random.nextGaussian();
      }
      pool.add(PairedBootstrap.Evidence.of(v));
    }
    PairedBootstrap.Result r = PairedBootstrap.standard(11).compare(pool).orElseThrow();
    for (int c = 0; c < 4; c++) {
      assertTrue(r.comparisons().get(c).tied(), "tied: " + r.comparisons().get(c));
    }
    assertTrue(r.measures().startsWith("paired bootstrap over 12 eval batches"), r.measures());
  }

  @Test
  void replicasArePairedByIndexAndSaySo() {
    // Replica r shifts every candidate by the same data-order effect; a is 0.02 worse.
    List<double[]> a = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    double[] order = {0.3, -0.2, 0.1, -0.4, 0.25};
    for (double o : order) {
      a.add(new double[] {2.02 + o});
      b.add(new double[] {2.00 + o});
    }
    PairedBootstrap.Result r =
        PairedBootstrap.standard(1)
            .compare(List.of(new PairedBootstrap.Evidence(a), new PairedBootstrap.Evidence(b)))
            .orElseThrow();
    assertFalse(r.comparisons().get(0).tied(), "paired by replica: " + r.comparisons().get(0));
    assertEquals(5, r.replicas());
    assertTrue(r.measures().contains("5 seed replicas"), r.measures());
    assertEquals(0.02, r.expectedRegret(0), 1e-9, "a is 0.02 behind b in every draw");
    assertEquals(0, r.expectedRegret(1), 1e-9);
  }

  @Test
  void nothingToResampleOrNothingSharedGivesNoComparison() {
    PairedBootstrap b = PairedBootstrap.standard(1);
    assertTrue(
        b.compare(List.of(PairedBootstrap.Evidence.of(1.0), PairedBootstrap.Evidence.of(2.0)))
            .isEmpty(),
        "one replica of one value: nothing to resample");
    assertTrue(
        b.compare(
                List.of(
                    PairedBootstrap.Evidence.of(1.0, 2.0),
                    PairedBootstrap.Evidence.of(1.0, 2.0, 3)))
            .isEmpty(),
        "different batches are not shared evidence");
  }

  @Test
  void theSameEvidenceGivesTheSameAnswer() {
    double[][] v = sharedBatches(5);
    var pool = List.of(PairedBootstrap.Evidence.of(v[0]), PairedBootstrap.Evidence.of(v[1]));
    assertEquals(
        PairedBootstrap.standard(9).compare(pool).orElseThrow().comparisons(),
        PairedBootstrap.standard(9).compare(pool).orElseThrow().comparisons());
  }
}
