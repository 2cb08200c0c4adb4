package dev.lag.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lag.reports.Fixtures;
import dev.lag.reports.Report;
import dev.lag.reports.read.Reports;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReportTest {
  @Test
  void tidyFilesWithOneRowPerObservation(@TempDir Path dir) throws Exception {
    Path hf = dir.resolve("hf");
    Fixtures.trainerState(hf.resolve("a"), 2.0, 100);
    Fixtures.trainerState(hf.resolve("b"), 1.9, 100);
    Fixtures.trainerState(hf.resolve("c"), 2.1, 100);
    Path sel =
        Fixtures.selection(
            dir.resolve("sel"),
            List.of("m", "s", "z"),
            new double[] {1, 1.1, 1.5},
            new long[] {40, 10, 10},
            40);
    Report report = Reports.read(List.of(sel, hf), "t", "test");
    new CsvReport().write(report, dir.resolve("csv"));

    List<CSVRecord> points = read(dir.resolve("csv/trajectories.csv"));
    // sel: 41 + 11 + 11 steps; hf: 10 logged steps per run.
    assertEquals(41 + 11 + 11 + 3 * 10, points.size());
    CSVRecord first = points.get(0);
    assertEquals("sel", first.get("run"));
    assertEquals("0", first.get("step"));
    assertEquals("", points.get(1).get("eval_loss"), "an unknown value is an empty cell, not NaN");
    assertEquals(4.0, Double.parseDouble(first.get("train_loss")), 1e-6);

    List<CSVRecord> ranks = read(dir.resolve("csv/rankings.csv"));
    assertEquals(6, ranks.size());
    assertEquals("true", ranks.get(0).get("winner"));
    assertEquals("", ranks.get(0).get("final_rank"), "the selection has no final ranking");
    assertEquals("1", ranks.get(3).get("final_rank"));

    List<CSVRecord> curve = read(dir.resolve("csv/lag_curves.csv"));
    assertEquals(report.runs().get(1).lagCurve().points().size(), curve.size());
    assertEquals("hf", curve.get(0).get("run"));
  }

  static List<CSVRecord> read(Path file) throws Exception {
    try (Reader in = Files.newBufferedReader(file)) {
      return CSVFormat.DEFAULT
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .build()
          .parse(in)
          .getRecords();
    }
  }
}
