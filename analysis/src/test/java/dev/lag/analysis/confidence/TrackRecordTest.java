package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.schedule.Decay;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pick's track record counts how the bank's claims fared on its studies of the stage's regime,
 * each picked by a model fitted without it.
 */
class TrackRecordTest {
  private static final BankCalibration.Regime SHORT =
      new BankCalibration.Regime(400, Decay.Kind.COSINE);

  /** A study of a, b, c with these finals: 400 steps of cosine, or a longer WSD stage. */
  private static BankStudy study(String name, long steps, double... finals) {
    return BankCalibrationRegimeTest.study(
        name, steps, steps == 400 ? "cosine" : "wsd(decay=0.2)", finals);
  }

  private static TrackRecord priorOnly(List<BankStudy> studies) {
    return priorOnly(studies, List.of());
  }

  private static TrackRecord priorOnly(List<BankStudy> studies, List<String> pool) {
    return new BankCalibration(studies, (s, o) -> null)
        .forStage(SHORT)
        .priorOnlyTrackRecord(0, pool)
        .orElseThrow();
  }

  @Test
  void aPriorThatHoldsAcrossStudiesComesTrue() {
    TrackRecord r =
        priorOnly(
            List.of(
                study("s1", 400, 1.000, 1.010, 1.020),
                study("s2", 400, 1.000, 1.012, 1.020),
                study("s3", 400, 1.000, 1.010, 1.024),
                study("s4", 400, 1.000, 1.011, 1.020),
                study("long", 3200, 1.0, 1.5, 2.0)));
    assertEquals(4, r.studies(), "the short stage's regime: the long study is not picked on");
    assertEquals("400-step cosine", r.regime());
    assertEquals(4, r.picks());
    assertEquals(4, r.cameBest());
    assertTrue(r.describe().contains("came true in 4 of 4 picks"), r.describe());
  }

  @Test
  void aTopThatChangesWithTheGrowthPointIsSeenToMiss() {
    // The bottom of the ranking is stable (c far behind) and the top is not (a and b trade
    // places): the prior separates good from bad well and names the best badly, the pattern of
    // the bank's long stages. The others' prior favours the top candidate this study lacks.
    TrackRecord r =
        priorOnly(
            List.of(
                study("s1", 400, 1.000, 1.004, 1.050),
                study("s2", 400, 1.004, 1.000, 1.050),
                study("s3", 400, 1.000, 1.004, 1.050),
                study("s4", 400, 1.004, 1.000, 1.050)));
    assertEquals(4, r.picks());
    assertEquals(0, r.cameBest(), r.describe());
    assertTrue(r.claimedBest() > 0.3, "the claims do not know: " + r.describe());
  }

  @Test
  void aPoolIsJudgedAmongItsOwnOperators() {
    List<BankStudy> bank =
        List.of(
            study("s1", 400, 1.000, 1.004, 1.050),
            study("s2", 400, 1.004, 1.000, 1.050),
            study("s3", 400, 1.000, 1.004, 1.050),
            study("s4", 400, 1.004, 1.000, 1.050));
    // Between a and c the prior is right every time, whatever b did.
    TrackRecord r = priorOnly(bank, List.of("a", "c"));
    assertEquals(4, r.cameBest(), r.describe());
    assertTrue(r.claimedBest() > 0.9, r.describe());
    assertTrue(
        new BankCalibration(bank, (s, o) -> null)
            .forStage(SHORT)
            .priorOnlyTrackRecord(0, List.of("a", "zero-new"))
            .isEmpty(),
        "no study ran two of the pool's operators");
    BankCalibration staged = new BankCalibration(bank, (s, o) -> null).forStage(SHORT);
    assertEquals(0, staged.regimeStudiesGrowing(List.of("a", "zero-new")), "the cause, counted");
    assertEquals(4, staged.regimeStudiesGrowing(List.of("a", "c")));
    assertEquals(4, staged.regimeStudiesGrowing(List.of()), "every candidate: the whole regime");
  }

  @Test
  void noRecordWithoutReadingsAtTheLag() {
    BankCalibration bank =
        new BankCalibration(
            List.of(
                study("s1", 400, 1, 1.01, 1.02),
                study("s2", 400, 1, 1.01, 1.02),
                study("s3", 400, 1, 1.01, 1.02),
                study("s4", 400, 1, 1.01, 1.02)),
            (s, o) -> null);
    assertTrue(bank.trackRecord(40, List.of()).isEmpty(), "no scorer read any study");
  }

  /** Every pick of a selection states its track record: the second ask reads the first answer. */
  @Test
  void aCalibrationRemembersEachTrackRecordItWasAskedFor() {
    BankCalibration bank =
        new BankCalibration(
                List.of(
                    study("s1", 400, 1.000, 1.010, 1.020),
                    study("s2", 400, 1.000, 1.012, 1.020),
                    study("s3", 400, 1.000, 1.010, 1.024),
                    study("s4", 400, 1.000, 1.011, 1.020)),
                (s, o) -> null)
            .forStage(SHORT);
    List<String> pool = List.of("a", "b");
    var first = bank.priorOnlyTrackRecord(0, pool);
    assertSame(first, bank.priorOnlyTrackRecord(0, new java.util.ArrayList<>(pool)));
    assertNotSame(first, bank.priorOnlyTrackRecord(20, pool), "another lag is another record");
    assertEquals(
        first.orElseThrow().describe(),
        new BankCalibration(bank.studies(), (s, o) -> null)
            .forStage(SHORT)
            .priorOnlyTrackRecord(0, pool)
            .orElseThrow()
            .describe());
  }
}
