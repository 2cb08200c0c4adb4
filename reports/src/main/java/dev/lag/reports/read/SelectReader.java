package dev.lag.reports.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.Format;
import dev.lag.reports.RunReport;
import dev.lag.reports.SkippedInput;
import dev.lag.reports.StageReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@code lag select} run, or a selection served by {@code lag serve}: one growth point. */
final class SelectReader {
  private SelectReader() {}

  static RunReport read(Path dir, String id, List<SkippedInput> problems) {
    Path file = dir.resolve("selection.json");
    JsonNode selection = RecordFiles.readObject(file);
    JsonNode run = RecordFiles.readOptional(dir.resolve("run.json"));
    JsonNode config = run == null ? null : run.path("config");
    Map<String, Trajectory> stage = Map.of();
    try {
      stage = RecordFiles.metrics(dir.resolve("metrics.jsonl")).values().iterator().next();
    } catch (InvalidInputException e) {
      problems.add(new SkippedInput(dir.toString(), e.getMessage() + "; curves left out"));
    }
    List<Trajectory> trajectories = new ArrayList<>();
    List<String> names = new ArrayList<>();
    selection.path("ranking").forEach(r -> names.add(r.path("name").asText()));
    for (String name : names) {
      if (stage.containsKey(name)) {
        trajectories.add(stage.get(name));
      }
    }
    long finalStep =
        selection.has("finalStep")
            ? selection.get("finalStep").asLong()
            : config != null ? config.path("steps").asLong() : 0;
    Metric metric =
        !trajectories.isEmpty() && trajectories.stream().allMatch(t -> t.has(Metric.EVAL_LOSS))
            ? Metric.EVAL_LOSS
            : Metric.TRAIN_LOSS;
    // A final ranking only when every candidate reached the end (a policy that trains all of them).
    Map<String, Double> finals = new LinkedHashMap<>();
    for (Trajectory t : trajectories) {
      if (finalStep > 0 && t.lastStep() >= finalStep) {
        finals.put(t.name(), t.diverged() ? Double.NaN : t.valueAt(metric, finalStep));
      }
    }
    if (finals.size() < names.size()) {
      finals.clear();
    }
    StageReport report =
        SelectionRecord.stage(
            selection,
            1,
            run == null ? 0 : run.path("depth").asInt(),
            finalStep,
            metric.label(),
            trajectories,
            Double.NaN,
            finals,
            file);
    JsonNode compute = selection.path("compute");
    String summary =
        String.format(
            Locale.ROOT,
            "%s wins at lag %d under %s%s; selection trained %d candidate steps (%s FLOPs).",
            report.winner(),
            report.lag(),
            report.policy(),
            report.tied().isEmpty() ? "" : ", tied with " + String.join(", ", report.tied()),
            compute.path("steps").asLong(),
            Format.flops(RecordFiles.number(compute, "flops")));
    List<String> lines = new ArrayList<>(List.of(summary));
    if (!report.reason().isEmpty()) {
      lines.add("Why: " + report.reason() + ".");
    }
    return new RunReport(
        id,
        dir.getFileName().toString(),
        dir.toString(),
        "select",
        lines,
        List.of(report),
        null,
        List.of(),
        List.of(),
        RecordFiles.flatten(config),
        RecordFiles.flatten(run == null ? null : run.path("provenance")));
  }
}
