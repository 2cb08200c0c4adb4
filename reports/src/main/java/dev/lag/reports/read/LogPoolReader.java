package dev.lag.reports.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.curve.LagPoint;
import dev.lag.analysis.curve.PoolDefaults;
import dev.lag.analysis.importers.Importers;
import dev.lag.analysis.importers.LogFields;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.Format;
import dev.lag.reports.RunReport;
import dev.lag.reports.StageReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Logs from any framework the importers read (Hugging Face {@code trainer_state.json}, JSONL, CSV),
 * and lag's own training runs. Two or more runs are a pool: their lag curve is computed here with
 * the same defaults as {@code lag analyze}.
 */
final class LogPoolReader {
  /** The seed of the bootstrap intervals: fixed, so the same logs give the same report. */
  private static final long SEED = 0;

  private LogPoolReader() {}

  static RunReport read(Path input, String id, LogFields fields) {
    List<Trajectory> pool = Importers.load(input, fields);
    JsonNode run =
        Files.isDirectory(input) ? RecordFiles.readOptional(input.resolve("run.json")) : null;
    String name = input.toAbsolutePath().normalize().getFileName().toString();
    if (pool.size() == 1) {
      return single(pool.get(0), input, id, name, run);
    }
    Metric metric = PoolDefaults.metric(pool);
    long end = PoolDefaults.finalStep(pool);
    Scorer scorer = Scorers.byName("last", metric);
    LagCurveResult curve =
        new LagCurve(
                scorer, metric, PoolDefaults.finalWindow(metric, end), RankAgreement.standard(SEED))
            .compute(pool, end, LagCurve.geometricGrid(end, 12));
    StageReport stage = PoolStage.of("Runs read from logs", pool, curve, scorer, metric, 0);
    List<String> summary =
        List.of(
            String.format(
                Locale.ROOT,
                "A pool of %d runs read from logs, compared at step %d by %s loss; best at the end:"
                    + " %s.",
                pool.size(),
                end,
                metric.label(),
                curve.best()),
            curveSentence(curve));
    return new RunReport(
        id,
        name,
        input.toString(),
        "logs",
        summary,
        List.of(stage),
        curve,
        List.of(),
        List.of(),
        RecordFiles.flatten(run == null ? null : run.path("config")),
        RecordFiles.flatten(run == null ? null : run.path("provenance")));
  }

  private static RunReport single(Trajectory t, Path input, String id, String name, JsonNode run) {
    Metric metric = t.has(Metric.EVAL_LOSS) ? Metric.EVAL_LOSS : Metric.TRAIN_LOSS;
    StageReport stage =
        new StageReport(
            "Loss",
            1,
            0,
            0,
            t.lastStep(),
            "",
            "",
            "",
            "",
            metric.label(),
            List.of(),
            List.of(t),
            Double.NaN);
    String summary =
        String.format(
            Locale.ROOT,
            "One run (%s), %d steps; final %s loss %s%s.",
            t.name(),
            t.lastStep(),
            metric.label(),
            Format.loss(t.valueAt(metric, t.lastStep())),
            t.diverged() ? "; it diverged" : "");
    return new RunReport(
        id,
        name,
        input.toString(),
        run != null ? run.path("kind").asText("train") : "logs",
        List.of(summary),
        List.of(stage),
        null,
        List.of(),
        List.of(),
        RecordFiles.flatten(run == null ? null : run.path("config")),
        RecordFiles.flatten(run == null ? null : run.path("provenance")));
  }

  /** One sentence on how early the ranking could be trusted, with its uncertainty. */
  static String curveSentence(LagCurveResult curve) {
    LagPoint first = curve.points().stream().filter(p -> p.step() > 0).findFirst().orElse(null);
    if (first == null) {
      return "No lag after growth was on the grid.";
    }
    String rho =
        first.spearman().defined()
            ? "Spearman ρ "
                + Format.interval(
                    first.spearman().value(), first.spearman().ciLow(), first.spearman().ciHigh())
                + " (p "
                + Format.pValue(first.spearman().pValue())
                + ")"
            : "Spearman ρ undefined (" + first.spearman().undefinedReason() + ")";
    String tied =
        first.tiedWithPick().isEmpty()
            ? "not tied with another run within the noise of the scores"
            : "tied with " + String.join(", ", first.tiedWithPick());
    if (first.spearman().defined() && !(first.spearman().pValue() < 0.05)) {
      rho +=
          ", not significant with "
              + curve.candidates().size()
              + " runs: the ranking at this lag could be chance";
    }
    return String.format(
        Locale.ROOT,
        "At lag %d, %s; the pick %s is %s, %s at the end%s.",
        first.step(),
        rho,
        first.pick(),
        tied,
        first.top1() ? "and best" : "and not best (regret " + Format.loss(first.regret()) + ")",
        curve.stableFrom() > 0
            ? "; the pick no longer changes from lag " + curve.stableFrom()
            : "");
  }
}
