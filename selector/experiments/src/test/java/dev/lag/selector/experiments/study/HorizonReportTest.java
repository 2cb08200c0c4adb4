package dev.lag.selector.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
