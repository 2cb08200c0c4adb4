package dev.lag.reports.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.curve.LagCurveJson;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.ReasoningRow;
import dev.lag.reports.RunReport;
import dev.lag.reports.SkippedInput;
import dev.lag.reports.StageReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@code lag study} run: every candidate trained to the end of the stage, and the lag curve. */
final class StudyReader {
  private StudyReader() {}

  static RunReport read(Path dir, String id, List<SkippedInput> problems) {
    Path file = dir.resolve("study.json");
    JsonNode study = RecordFiles.readObject(file);
    LagCurveResult curve;
    try {
      curve = LagCurveJson.fromJson(study);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(file + ": " + e.getMessage());
    }
    List<Trajectory> pool = new ArrayList<>();
    try {
      Map<String, Trajectory> stage =
          RecordFiles.metrics(dir.resolve("metrics.jsonl")).getOrDefault(1, Map.of());
      for (String name : curve.candidates()) {
        if (stage.containsKey(name)) {
          pool.add(stage.get(name));
        }
      }
    } catch (InvalidInputException e) {
      problems.add(new SkippedInput(dir.toString(), e.getMessage() + "; curves left out"));
    }
    Metric metric = Metric.parse(curve.metric());
    List<StageReport> stages = new ArrayList<>();
    if (!pool.isEmpty()) {
      Scorer scorer = scorer(curve.scorer(), metric, dir, problems);
      stages.add(
          PoolStage.of(
              "Every candidate to the end of the stage ("
                  + study.path("sourceLayers").asInt()
                  + " -> "
                  + study.path("targetLayers").asInt()
                  + " layers)",
              pool,
              curve,
              scorer,
              metric,
              study.path("targetLayers").asInt()));
    }
    JsonNode run = RecordFiles.readOptional(dir.resolve("run.json"));
    List<String> summary = new ArrayList<>();
    summary.add(
        String.format(
            Locale.ROOT,
            "Correlation study at a growth point %d -> %d layers: %d candidates trained to step %d;"
                + " best at the end: %s.",
            study.path("sourceLayers").asInt(),
            study.path("targetLayers").asInt(),
            curve.candidates().size(),
            curve.finalStep(),
            curve.best()));
    summary.add(LogPoolReader.curveSentence(curve));
    List<ReasoningRow> reasoning = reasoning(study.path("finalPrimitives"));
    if (!reasoning.isEmpty()) {
      summary.add(reasoningSentence(reasoning));
    }
    JsonNode primitivesCurve = study.path("primitivesCurve");
    if (primitivesCurve.isObject()) {
      try {
        summary.add(
            "Against final reasoning-primitive accuracy instead of final loss: "
                + LogPoolReader.curveSentence(LagCurveJson.fromJson(primitivesCurve)));
      } catch (InvalidInputException e) {
        problems.add(new SkippedInput(file.toString(), "primitivesCurve: " + e.getMessage()));
      }
    }
    return new RunReport(
        id,
        dir.getFileName().toString(),
        dir.toString(),
        "study",
        summary,
        stages,
        curve,
        List.of(),
        reasoning,
        RecordFiles.flatten(study.path("config")),
        RecordFiles.flatten(run == null ? null : run.path("provenance")));
  }

  /** The final models on the reasoning primitives, best mean accuracy first. */
  static List<ReasoningRow> reasoning(JsonNode finals) {
    List<ReasoningRow> rows = new ArrayList<>();
    finals
        .fields()
        .forEachRemaining(
            e -> {
              List<ReasoningRow.TaskAccuracy> tasks = new ArrayList<>();
              e.getValue()
                  .path("tasks")
                  .fields()
                  .forEachRemaining(
                      t ->
                          tasks.add(
                              new ReasoningRow.TaskAccuracy(
                                  t.getKey(),
                                  t.getValue().path("accuracy").asDouble(Double.NaN),
                                  t.getValue().path("lower").asDouble(Double.NaN),
                                  t.getValue().path("upper").asDouble(Double.NaN),
                                  t.getValue().path("chance").asDouble(Double.NaN))));
              rows.add(
                  new ReasoningRow(
                      e.getKey(),
                      e.getValue().path("evalLoss").asDouble(Double.NaN),
                      e.getValue().path("mean").asDouble(Double.NaN),
                      tasks));
            });
    rows.sort(Comparator.comparingDouble(r -> -r.meanAccuracy()));
    return rows;
  }

  /** Best and worst mean primitive accuracy, with the losses they came with. */
  private static String reasoningSentence(List<ReasoningRow> rows) {
    ReasoningRow best = rows.get(0);
    ReasoningRow worst = rows.get(rows.size() - 1);
    return String.format(
        Locale.ROOT,
        "Reasoning primitives of the final models: %s best at %.1f%% mean accuracy (eval loss"
            + " %.4f), %s worst at %.1f%% (eval loss %.4f); per-task intervals below.",
        best.candidate(),
        100 * best.meanAccuracy(),
        best.evalLoss(),
        worst.candidate(),
        100 * worst.meanAccuracy(),
        worst.evalLoss());
  }

  /** The study's scorer to rank at the lag; the last value when it needs training runs. */
  static Scorer scorer(String name, Metric metric, Path dir, List<SkippedInput> problems) {
    try {
      return Scorers.byName(name, metric);
    } catch (InvalidInputException e) {
      problems.add(
          new SkippedInput(
              dir.toString(),
              "scorer "
                  + name
                  + " cannot be rebuilt here ("
                  + e.getMessage()
                  + "); the ranking at"
                  + " the lag uses the last value"));
      return Scorers.byName("last", metric);
    }
  }
}
