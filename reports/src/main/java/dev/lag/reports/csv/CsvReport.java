package dev.lag.reports.csv;

import dev.lag.analysis.curve.LagPoint;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.RankedCandidate;
import dev.lag.reports.Report;
import dev.lag.reports.RunReport;
import dev.lag.reports.StageReport;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A report as three tidy CSV files, one row per observation, for pandas, R or a spreadsheet: {@code
 * trajectories.csv}, {@code rankings.csv} and {@code lag_curves.csv}. Unknown values are empty
 * cells.
 */
public final class CsvReport {
  /** The files written, in order. */
  public static final List<String> FILES =
      List.of("trajectories.csv", "rankings.csv", "lag_curves.csv");

  /** Writes the three files into {@code dir}, each atomically. */
  public void write(Report report, Path dir) throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.writeString(dir.resolve(FILES.get(0)), trajectories(report));
    AtomicFiles.writeString(dir.resolve(FILES.get(1)), rankings(report));
    AtomicFiles.writeString(dir.resolve(FILES.get(2)), lagCurves(report));
  }

  static String trajectories(Report report) throws IOException {
    return csv(
        List.of("run", "stage", "candidate", "step", "tokens", "flops", "train_loss", "eval_loss"),
        rows -> {
          for (RunReport run : report.runs()) {
            for (StageReport s : run.stages()) {
              for (Trajectory t : s.trajectories()) {
                for (Point p : t.points()) {
                  rows.add(
                      List.of(
                          run.name(),
                          "" + s.stage(),
                          t.name(),
                          "" + p.step(),
                          num(p.tokens()),
                          num(p.flops()),
                          num(p.trainLoss()),
                          num(p.evalLoss())));
                }
              }
            }
          }
        });
  }

  static String rankings(Report report) throws IOException {
    return csv(
        List.of(
            "run",
            "stage",
            "lag",
            "rank",
            "candidate",
            "score",
            "std_error",
            "steps_trained",
            "status",
            "winner",
            "tied_with_winner",
            "final_rank",
            "final_loss"),
        rows -> {
          for (RunReport run : report.runs()) {
            for (StageReport s : run.stages()) {
              for (RankedCandidate r : s.ranking()) {
                rows.add(
                    List.of(
                        run.name(),
                        "" + s.stage(),
                        "" + s.lag(),
                        "" + r.rank(),
                        r.name(),
                        num(r.score()),
                        num(r.stdError()),
                        "" + r.stepsTrained(),
                        r.status(),
                        "" + r.name().equals(s.winner()),
                        "" + r.tiedWithWinner(),
                        r.finalRank() > 0 ? "" + r.finalRank() : "",
                        num(r.finalValue())));
              }
            }
          }
        });
  }

  static String lagCurves(Report report) throws IOException {
    return csv(
        List.of(
            "run",
            "lag",
            "spearman",
            "spearman_p",
            "spearman_low",
            "spearman_high",
            "kendall",
            "kendall_p",
            "kendall_low",
            "kendall_high",
            "pearson",
            "pick",
            "top1",
            "regret",
            "tied_with_pick"),
        rows -> {
          for (RunReport run : report.runs()) {
            if (run.lagCurve() == null) {
              continue;
            }
            for (LagPoint p : run.lagCurve().points()) {
              rows.add(
                  List.of(
                      run.name(),
                      "" + p.step(),
                      num(p.spearman().value()),
                      num(p.spearman().pValue()),
                      num(p.spearman().ciLow()),
                      num(p.spearman().ciHigh()),
                      num(p.kendall().value()),
                      num(p.kendall().pValue()),
                      num(p.kendall().ciLow()),
                      num(p.kendall().ciHigh()),
                      num(p.pearson().value()),
                      p.pick(),
                      "" + p.top1(),
                      num(p.regret()),
                      String.join(";", p.tiedWithPick())));
            }
          }
        });
  }

  private interface Rows {
    void fill(List<List<String>> rows);
  }

  private static String csv(List<String> header, Rows fill) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    fill.fill(rows);
    StringWriter out = new StringWriter();
    try (CSVPrinter printer =
        new CSVPrinter(
            out,
            CSVFormat.DEFAULT
                .builder()
                .setHeader(header.toArray(String[]::new))
                .setRecordSeparator('\n')
                .build())) {
      for (List<String> row : rows) {
        printer.printRecord(row);
      }
    }
    return out.toString();
  }

  /** Full precision (shortest round-trip form), counts without ".0"; empty when unknown. */
  private static String num(double v) {
    if (!Double.isFinite(v)) {
      return "";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
