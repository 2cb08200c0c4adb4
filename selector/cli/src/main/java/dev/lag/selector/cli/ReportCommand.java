package dev.lag.selector.cli;

import dev.lag.analysis.importers.LogFields;
import dev.lag.analysis.io.Provenance;
import dev.lag.reports.Report;
import dev.lag.reports.SkippedInput;
import dev.lag.reports.csv.CsvReport;
import dev.lag.reports.html.HtmlReport;
import dev.lag.reports.markdown.MarkdownReport;
import dev.lag.reports.read.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lag report}: run records and logs to one HTML page, Markdown and CSV. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "One offline HTML report (plus Markdown, CSV) of many runs.",
    description = {
      "One self-contained, interactive HTML report (works offline) of one or many runs: summary, loss curves with the lag window, lag curve, rankings, stacking timeline, provenance.",
      "INPUT: run directories of lag stack/select/study/train, a folder of them, or logs lag analyze reads (a folder of Hugging Face trainer_state.json runs, say)."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Run directories or logs.")
  List<Path> inputs;

  @Option(
      names = "--out",
      defaultValue = "report.html",
      paramLabel = "FILE.html",
      description = "The HTML report (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--md", paramLabel = "FILE.md", description = "Also write a Markdown summary.")
  Path markdown;

  @Option(
      names = "--csv",
      paramLabel = "DIR",
      description = "Also write trajectories.csv, rankings.csv and lag_curves.csv into DIR.")
  Path csv;

  @picocli.CommandLine.Mixin LogFieldsOption fields;

  @Option(
      names = "--title",
      defaultValue = "lag report",
      description = "Page title (default ${DEFAULT-VALUE}).")
  String title;

  @Override
  public Integer call() throws IOException {
    return write(
        inputs,
        fields.parse(),
        title,
        out,
        markdown,
        csv,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /**
   * Reads the inputs and writes every requested format; shared with {@code lag demo}.
   *
   * @return 0, or 2 when no input could be read (the report then says why)
   */
  static int write(
      List<Path> inputs,
      LogFields fields,
      String title,
      Path html,
      Path markdown,
      Path csv,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    OutputPaths.file(html, "--out");
    OutputPaths.file(markdown, "--md");
    OutputPaths.folder(csv, "--csv");
    String by =
        "lag "
            + Provenance.currentLagVersion()
            + " on "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Report report = Reports.read(inputs, title, by, fields);
    for (SkippedInput s : report.skipped()) {
      err.println("lag: skipped " + s.input() + ": " + s.reason());
    }
    new HtmlReport().write(report, html);
    out.println("report: " + html.toAbsolutePath().normalize());
    if (markdown != null) {
      new MarkdownReport().write(report, markdown);
      out.println("markdown: " + markdown.toAbsolutePath().normalize());
    }
    if (csv != null) {
      new CsvReport().write(report, csv);
      out.println("csv: " + csv.toAbsolutePath().normalize() + " " + CsvReport.FILES);
    }
    if (report.isEmpty()) {
      err.println("lag: error: no input could be read; the report lists why");
      return 2;
    }
    return 0;
  }
}
