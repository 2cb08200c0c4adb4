package dev.lag.reports.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.reports.Fixtures;
import dev.lag.reports.RankedCandidate;
import dev.lag.reports.Report;
import dev.lag.reports.RunReport;
import dev.lag.reports.StageReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  static final List<String> NAMES = List.of("midas", "stack-top", "zero-new");

  @Test
  void aSelectionStoppedAtTheLagHasARankingButNoFinalRanking(@TempDir Path dir) throws Exception {
    Path run =
        Fixtures.selection(
            dir.resolve("sel"), NAMES, new double[] {1, 1.1, 1.5}, new long[] {40, 10, 10}, 40);
    Report report = Reports.read(List.of(run), "t", "test");
    assertEquals(List.of(), report.skipped());
    RunReport r = report.runs().get(0);
    assertEquals("select", r.kind());
    StageReport s = r.stages().get(0);
    assertEquals("midas", s.winner());
    assertEquals(10, s.lag());
    assertEquals(40, s.finalStep());
    assertEquals(4, s.depth());
    assertEquals(List.of("stack-top"), s.tied());
    assertEquals(3, s.trajectories().size());
    assertEquals(40, s.trajectories().get(0).lastStep(), "the pick's curve goes on");
    assertFalse(s.hasFinalRanking(), "two candidates stopped at the lag");
    assertEquals("eval", s.metric());
    assertNull(r.lagCurve());
    assertEquals("abc", r.provenance().get("gitCommit"));
    assertEquals("40", r.config().get("steps"));
  }

  @Test
  void candidatesTrainedToTheEndGetAFinalRanking(@TempDir Path dir) throws Exception {
    Path run =
        Fixtures.selection(
            dir.resolve("sel"), NAMES, new double[] {1.2, 1.1, 1.5}, new long[] {20, 20, 20}, 20);
    StageReport s = Reports.read(List.of(run), "t", "test").runs().get(0).stages().get(0);
    assertTrue(s.hasFinalRanking());
    List<Integer> finalRanks = s.ranking().stream().map(RankedCandidate::finalRank).toList();
    assertEquals(List.of(2, 1, 3), finalRanks, "ranked by final eval loss, not by the lag score");
    assertEquals(1.1 + 3.0 / 21 + 0.01, s.ranking().get(1).finalValue(), 1e-6);
  }

  @Test
  void aBatchListsWhatItSkippedAndWhy(@TempDir Path dir) throws Exception {
    Path batch = dir.resolve("runs");
    Fixtures.selection(
        batch.resolve("a-good"), NAMES, new double[] {1, 1.1, 1.5}, new long[] {10, 10, 10}, 40);
    Path corrupt =
        Fixtures.selection(
            batch.resolve("b-corrupt"), NAMES, new double[] {1, 1, 1}, new long[] {10, 10, 10}, 40);
    Files.writeString(corrupt.resolve("selection.json"), "{\"winner\": \"midas\", \"rank");
    Path partial =
        Fixtures.selection(
            batch.resolve("c-no-metrics"),
            NAMES,
            new double[] {1, 1, 1},
            new long[] {10, 10, 10},
            40);
    Files.delete(partial.resolve("metrics.jsonl"));
    Files.createDirectories(batch.resolve("d-empty"));

    Report report = Reports.read(List.of(batch, dir.resolve("missing")), "t", "test");
    assertEquals(
        List.of("a-good", "c-no-metrics"), report.runs().stream().map(RunReport::name).toList());
    assertEquals(List.of(), report.runs().get(1).stages().get(0).trajectories(), "no curves");
    String reasons = report.skipped().toString();
    assertTrue(reasons.contains("selection.json: not valid JSON"), reasons);
    assertTrue(reasons.contains("metrics.jsonl: missing; curves left out"), reasons);
    assertTrue(
        reasons.contains("d-empty") && reasons.contains("no selection, study or stacking record"),
        reasons);
    assertTrue(reasons.contains("missing, reason=no such file or folder"), reasons);
    assertEquals("run-1", report.runs().get(0).id());
    assertEquals("run-2", report.runs().get(1).id(), "ids stay unique across skipped inputs");
  }

  @Test
  void aFolderOfHuggingFaceRunsIsAPoolWithItsLagCurve(@TempDir Path dir) throws Exception {
    Path pool = dir.resolve("hf");
    Fixtures.trainerState(pool.resolve("run-a"), 2.0, 200);
    Fixtures.trainerState(pool.resolve("run-b"), 1.9, 200);
    Fixtures.trainerState(pool.resolve("run-c"), 2.2, 200);
    Fixtures.trainerState(pool.resolve("run-d"), 2.1, 200);
    RunReport r = Reports.read(List.of(pool), "t", "test").runs().get(0);
    assertEquals("logs", r.kind());
    assertNotNull(r.lagCurve());
    assertEquals(200, r.lagCurve().finalStep());
    assertEquals("run-b", r.lagCurve().best());
    StageReport s = r.stages().get(0);
    assertEquals("run-b", s.winner(), "parallel power laws: the early order is the final order");
    assertEquals(
        List.of("run-b", "run-a", "run-d", "run-c"),
        s.ranking().stream().map(RankedCandidate::name).toList());
    assertEquals(
        List.of(1, 2, 3, 4), s.ranking().stream().map(RankedCandidate::finalRank).toList());
    assertEquals(1.9 + 4.0 / Math.sqrt(200) + 0.05, r.finalLoss(), 1e-6);
  }

  @Test
  void theRunTableGivesTheEarlyPicksOwnFinalLossAndItsRankAtTheEnd(@TempDir Path dir)
      throws Exception {
    Path pool = dir.resolve("hf");
    // fast leads until past step 129 and ends third (mid, then slow, overtake it at the end): the
    // pick changes only at the last point, so the report shows the pick at the first lag, fast.
    Fixtures.trainerState(pool.resolve("fast"), 2.05, 2.0, 200);
    Fixtures.trainerState(pool.resolve("slow"), 1.8, 5.4, 200);
    Fixtures.trainerState(pool.resolve("mid"), 1.85, 4.6, 200);
    RunReport r = Reports.read(List.of(pool), "t", "test").runs().get(0);
    assertEquals("fast", r.stages().get(0).winner());
    assertEquals("mid", r.lagCurve().best());
    assertEquals(2.05 + 2.0 / Math.sqrt(200) + 0.05, r.finalLoss(), 1e-6);
    assertEquals("fast (final rank 3 of 3)", r.winners());
  }

  @Test
  void noInputsIsAnError() {
    assertThrows(InvalidInputException.class, () -> Reports.read(List.of(), "t", "test"));
  }

  @Test
  void nothingReadableGivesAnEmptyReportThatSaysWhy(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hello");
    Report report = Reports.read(List.of(dir.resolve("notes.txt")), "t", "test");
    assertTrue(report.isEmpty());
    assertTrue(
        report.skipped().get(0).reason().contains("unknown log format"),
        report.skipped().toString());
  }
}
