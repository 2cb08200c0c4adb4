package dev.lag.reports.markdown;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.reports.Fixtures;
import dev.lag.reports.read.Reports;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {
  @Test
  void keyNumbersAndTables(@TempDir Path dir) throws Exception {
    Path hf = dir.resolve("hf");
    Fixtures.trainerState(hf.resolve("a"), 2.0, 100);
    Fixtures.trainerState(hf.resolve("b"), 1.9, 100);
    Fixtures.trainerState(hf.resolve("c"), 2.1, 100);
    Path sel =
        Fixtures.selection(
            dir.resolve("sel"),
            List.of("midas", "stack|top", "zero-new"),
            new double[] {1, 1.1, 1.5},
            new long[] {20, 20, 20},
            20);
    String md = new MarkdownReport().render(Reports.read(List.of(sel, hf), "Runs", "test"));
    assertTrue(md.startsWith("# Runs\n"), md);
    assertTrue(md.contains("| run | kind | final loss |"), "index of a batch");
    assertTrue(md.contains("| 1 | midas (pick) | 1.2727 ± 0.0100 | ok | 1 | 1.1529 |"), md);
    assertTrue(md.contains("stack\\|top (tied)"), "a pipe in a name stays in its cell");
    assertTrue(md.contains("| lag k | Spearman ρ [95% CI] |"), "the pool's lag curve");
    assertTrue(md.contains("commit `abc`"), "provenance");
  }
}
