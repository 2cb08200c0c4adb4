package dev.lag.selector.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.confidence.CalibrationVariant;
import dev.lag.analysis.confidence.LagScale;
import dev.lag.analysis.confidence.StudyWeights;
import dev.lag.selector.Evidence;
import dev.lag.selector.policy.PriorChoice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reliability table split by stage length, of the chosen policy's calibration only. */
class HorizonReportTest {
  @Test
  void eachStageLengthGetsItsOwnTableAndEveryBinCountsItsStudies() {
    List<CalibratedBenchmark.Pick> picks = new ArrayList<>();
    // Short stages: claims of 0.5 that come true half the time, over two studies.
    for (int i = 0; i < 10; i++) {
      picks.add(pick(i < 5 ? "short-a" : "short-b", "last", 0.5, i % 2 == 0, 400));
    }
    // Long stages: the same claims never come true, all of one study.
    for (int i = 0; i < 6; i++) {
      picks.add(pick("long-a", "last", 0.5, false, 3200));
    }
    // Another fit's picks, which the chosen policy's table must not count.
    for (int i = 0; i < 7; i++) {
      picks.add(pick("long-a", "last, weigh=regime", 0.9, true, 3200));
    }
    HorizonReport report =
        new HorizonReport(
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            "hedged(confidence=0.8, budget=0.3) cal:last",
            List.of(),
            picks);

    List<HorizonReport.StageReliability> byStage = report.reliabilityByStage();
    assertEquals(List.of(400L, 3200L), byStage.stream().map(s -> s.stage()).toList());
    HorizonReport.Bin shortBin = byStage.get(0).best().get(2);
    assertEquals(10, shortBin.picks());
    assertEquals(2, shortBin.studies());
    assertEquals(0.5, shortBin.observed(), 1e-12);
    HorizonReport.Bin longBin = byStage.get(1).best().get(2);
    assertEquals(6, longBin.picks(), "the weigh=regime picks are another fit's");
    assertEquals(1, longBin.studies());
    assertEquals(0.0, longBin.observed(), 1e-12);
    assertEquals(0, byStage.get(1).best().get(4).picks());
    // The interval resamples study-pools whole: one study-pool cannot move its own share, two (3
    // of 5 and 2 of 5 right) move it between their own shares.
    assertEquals(0.0, longBin.observedLow(), 1e-12);
    assertEquals(0.0, longBin.observedHigh(), 1e-12);
    assertEquals(0.4, shortBin.observedLow(), 1e-12);
    assertEquals(0.6, shortBin.observedHigh(), 1e-12);
  }

  private static CalibratedBenchmark.Pick pick(
      String study, String scorer, double claim, boolean right, long stage) {
    return new CalibratedBenchmark.Pick(
        study, scorer, 40, 0, "a", claim, claim, right, right, right ? 0 : 2, 0.1, 0.9, stage);
  }

  /**
   * The verdict finds the default among the rows by its text: the replayed policy must be spelled
   * as lag select's default is, or the verdict would call the default "not eligible".
   */
  @Test
  void theReplayedPoliciesAreSpelledAsTheDefaults() {
    assertEquals(
        Evidence.DEFAULT_POLICY,
        HorizonReport.hedgedPolicy(
            false, new CalibrationVariant(LagScale.STEPS, StudyWeights.REGIME)));
    // The prior's row is labelled by the replayed policy's own description.
    assertEquals(
        new PriorChoice().describe(), HorizonReport.defaultLabel("prior", Evidence.DEFAULT_SCORER));
    assertEquals(
        Evidence.EVIDENCE_POLICY + " cal:anneal",
        HorizonReport.defaultLabel(Evidence.EVIDENCE_POLICY, Evidence.DEFAULT_SCORER));
    assertEquals(
        "hedged(confidence=0.8, budget=0.3, weigh=regime)",
        HorizonReport.hedgedPolicy(
            false, new CalibrationVariant(LagScale.STEPS, StudyWeights.REGIME)));
  }

  @Test
  void theDefaultChangesOnlyPastTheHysteresis() {
    String now = "hedged(a) cal:x";
    HorizonReport.RuleRow current = new HorizonReport.RuleRow(now, 10, 10, 3.05, 1.0, 0.3);
    HorizonReport.RuleRow unaffordable = new HorizonReport.RuleRow("k=9", 4, 10, 1.0, 0.5, 0.3);
    // 0.10 better on average at a worst 0.05 better: past the hysteresis.
    List<HorizonReport.RuleRow> rows =
        List.of(
            new HorizonReport.RuleRow("hedged(b) cal:y", 10, 10, 3.0, 0.96, 0.3),
            current,
            new HorizonReport.RuleRow("fixed-lag(k=0) cal:x", 10, 10, 3.0, 0.90, 0.0),
            unaffordable);
    assertEquals("fixed-lag(k=0) cal:x", HorizonReport.choose(rows, 10));
    String verdict = HorizonReport.defaultVerdict(rows, now);
    assertTrue(
        verdict.startsWith(
            "the default changes to fixed-lag(k=0) cal:x: the rule's choice regrets"
                + " 0.05 less at worst and 0.10 less on average"),
        verdict);
    // 0.04 better on average at a worst within 0.1: the default stays.
    List<HorizonReport.RuleRow> close =
        List.of(new HorizonReport.RuleRow("hedged(b) cal:y", 10, 10, 3.0, 0.96, 0.3), current);
    String stays = HorizonReport.defaultVerdict(close, now);
    assertTrue(stays.startsWith("the default stays: the rule's choice regrets 0.05"), stays);
    // A worst 0.2 better changes it, whatever the mean.
    List<HorizonReport.RuleRow> safer =
        List.of(
            new HorizonReport.RuleRow("hedged(b) cal:y", 10, 10, 2.8, 1.2, 0.3),
            new HorizonReport.RuleRow(now, 10, 10, 3.0, 1.0, 0.3));
    assertTrue(
        HorizonReport.defaultVerdict(safer, now).startsWith("the default changes to hedged(b)"));
    // Tied on every figure with the rule's choice: nothing to change for.
    List<HorizonReport.RuleRow> tied =
        List.of(new HorizonReport.RuleRow("hedged(b) cal:y", 10, 10, 3.05, 1.0, 0.3), current);
    assertTrue(HorizonReport.choose(tied, 10).contains("tied on every figure with " + now));
    assertTrue(HorizonReport.defaultVerdict(tied, now).startsWith("the default stays: "));
    assertEquals(
        "the default stays: hedged(a) cal:x is the rule's choice",
        HorizonReport.defaultVerdict(List.of(current, unaffordable), now));
    assertTrue(HorizonReport.defaultVerdict(rows, "prior").contains("is not eligible here"));
  }
}
