package dev.lag.reports.markdown;

import dev.lag.analysis.curve.LagPoint;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.reports.Contender;
import dev.lag.reports.Format;
import dev.lag.reports.RankedCandidate;
import dev.lag.reports.ReasoningRow;
import dev.lag.reports.Report;
import dev.lag.reports.RunReport;
import dev.lag.reports.SkippedInput;
import dev.lag.reports.StageReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as GitHub-flavoured Markdown: the key numbers and tables, no charts, short enough to
 * paste into a pull request or lab notes.
 */
public final class MarkdownReport {

  /** The Markdown text. */
  public String render(Report report) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(report.title()).append("\n\n");
    if (!report.skipped().isEmpty()) {
      md.append("**Skipped or partly read:**\n\n");
      for (SkippedInput s : report.skipped()) {
        md.append("- `").append(s.input()).append("`: ").append(s.reason()).append('\n');
      }
      md.append('\n');
    }
    if (report.isEmpty()) {
      md.append("No run could be read; the reasons are listed above.\n");
      return md.toString();
    }
    if (report.runs().size() > 1) {
      table(
          md,
          List.of(
              "run",
              "kind",
              "final loss",
              "winner per stage",
              "saving vs scratch",
              "overhead FLOPs"),
          report.runs().stream()
              .map(
                  r ->
                      List.of(
                          r.name(),
                          r.kind(),
                          Format.loss(r.finalLoss()),
                          r.winners(),
                          Format.percent(r.saving()),
                          Format.flops(r.selectionOverheadFlops())))
              .toList());
    }
    for (RunReport run : report.runs()) {
      run(md, run);
    }
    md.append("_Made by ").append(report.generatedBy()).append("._\n");
    return md.toString();
  }

  /** Writes the text atomically. */
  public void write(Report report, Path file) throws IOException {
    AtomicFiles.writeString(file, render(report));
  }

  private static void run(StringBuilder md, RunReport run) {
    md.append("## ").append(run.name()).append(" (").append(run.kind()).append(")\n\n");
    for (String line : run.summary()) {
      md.append("- ").append(line).append('\n');
    }
    md.append('\n');
    if (!run.contenders().isEmpty()) {
      contenders(md, run);
    }
    if (!run.reasoning().isEmpty()) {
      reasoning(md, run);
    }
    for (StageReport s : run.stages()) {
      stage(md, s);
    }
    if (run.lagCurve() != null) {
      lagCurve(md, run);
    }
    if (run.provenance().containsKey("gitCommit")) {
      provenance(md, run);
    }
  }

  /** The schedules of a stacking run on the shared budget. */
  private static void contenders(StringBuilder md, RunReport run) {
    List<List<String>> rows = new ArrayList<>();
    for (Contender c : run.contenders()) {
      rows.add(
          List.of(
              run.label(c),
              Format.loss(c.finalEvalLoss()),
              Format.flops(c.flops()),
              Format.flops(c.overheadFlops()),
              Format.percent(c.savingVsScratch())));
    }
    table(
        md, List.of("schedule", "final eval loss", "FLOPs", "overhead", "saving vs scratch"), rows);
  }

  /** Every final model on the reasoning primitives. */
  private static void reasoning(StringBuilder md, RunReport run) {
    List<String> header = new ArrayList<>(List.of("final model", "eval loss", "primitives"));
    run.reasoning().get(0).tasks().forEach(t -> header.add(t.task()));
    List<List<String>> rows = new ArrayList<>();
    for (ReasoningRow r : run.reasoning()) {
      List<String> row =
          new ArrayList<>(
              List.of(r.candidate(), Format.loss(r.evalLoss()), Format.share(r.meanAccuracy())));
      r.tasks().forEach(t -> row.add(Format.share(t.accuracy())));
      rows.add(row);
    }
    table(md, header, rows);
  }

  /** One stage: the pick, why, and the ranking at the lag beside the final ranking. */
  private static void stage(StringBuilder md, StageReport s) {
    if (s.ranking().isEmpty()) {
      return;
    }
    md.append("**")
        .append(s.title())
        .append("**: ")
        .append(s.winner())
        .append(" at lag ")
        .append(s.lag())
        .append(s.tied().isEmpty() ? "" : ", tied with " + String.join(", ", s.tied()))
        .append(". ")
        .append(sentence(s.reason()))
        .append(
            s.priorDecided().isEmpty() || s.reason().contains("the prior chose")
                ? ""
                : " The prior chose among the tied leaders.")
        .append(s.uncertainty().isEmpty() ? "" : " Intervals: " + s.uncertainty() + ".")
        .append("\n\n");
    List<String> header =
        new ArrayList<>(List.of("rank at lag", "candidate", "score ± s.e.", "status"));
    if (s.hasDifferences()) {
      header.add(3, "vs leader [95% interval]");
    }
    if (s.hasFinalRanking()) {
      header.addAll(List.of("final rank", "final loss"));
    }
    List<List<String>> rows = new ArrayList<>();
    for (RankedCandidate r : s.ranking()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  "" + r.rank(),
                  r.name()
                      + (r.name().equals(s.winner())
                          ? " (pick)"
                          : r.tiedWithWinner() ? " (tied)" : ""),
                  Format.lossWithError(r.score(), r.stdError()),
                  r.status()));
      if (s.hasDifferences()) {
        row.add(3, Format.difference(r.difference(), r.differenceLow(), r.differenceHigh()));
      }
      if (s.hasFinalRanking()) {
        row.add(r.finalRank() > 0 ? "" + r.finalRank() : "–");
        row.add(Format.loss(r.finalValue()));
      }
      rows.add(row);
    }
    table(md, header, rows);
  }

  /** How well the score at each lag ranks the candidates by their final loss. */
  private static void lagCurve(StringBuilder md, RunReport run) {
    md.append("**Lag curve** (final ")
        .append(run.lagCurve().metric())
        .append(" loss at step ")
        .append(run.lagCurve().finalStep())
        .append("):\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (LagPoint p : run.lagCurve().points()) {
      rows.add(
          List.of(
              "" + p.step(),
              Format.interval(p.spearman().value(), p.spearman().ciLow(), p.spearman().ciHigh()),
              Format.pValue(p.spearman().pValue()),
              Format.interval(p.kendall().value(), p.kendall().ciLow(), p.kendall().ciHigh()),
              p.pick()
                  + (p.tiedWithPick().isEmpty()
                      ? ""
                      : " (tied: " + String.join(", ", p.tiedWithPick()) + ")"),
              Format.loss(p.regret()),
              Format.ratio(p.regretInNoise())));
    }
    table(
        md,
        List.of(
            "lag k",
            "Spearman ρ [95% CI]",
            "p",
            "Kendall τ [95% CI]",
            "pick",
            "regret",
            "regret / seed noise"),
        rows);
    if (run.lagCurve().replicas() > 1) {
      md.append(
          String.format(
              java.util.Locale.ROOT,
              "Means over %d seed replicas; seed noise %s (spread of final losses across data"
                  + " orders, shifts common to all candidates taken out).%n%n",
              run.lagCurve().replicas(),
              Format.loss(run.lagCurve().seedNoise())));
    }
  }

  private static void provenance(StringBuilder md, RunReport run) {
    md.append("Provenance: lag ")
        .append(run.provenance().getOrDefault("lagVersion", "?"))
        .append(", commit `")
        .append(run.provenance().get("gitCommit"))
        .append("`, seed ")
        .append(run.provenance().getOrDefault("seed", "?"))
        .append(", device ")
        .append(run.provenance().getOrDefault("device", "?"))
        .append(".\n\n");
  }

  private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
    md.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> md.append("---|"));
    md.append('\n');
    for (List<String> row : rows) {
      md.append("| ")
          .append(String.join(" | ", row.stream().map(MarkdownReport::cell).toList()))
          .append(" |\n");
    }
    md.append('\n');
  }

  /** A pipe inside a cell would end it. */
  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** A reason as a sentence: capitalised, with its full stop. */
  private static String sentence(String reason) {
    if (reason.isEmpty()) {
      return reason;
    }
    String s = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
