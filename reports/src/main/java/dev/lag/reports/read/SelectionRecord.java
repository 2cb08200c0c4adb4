package dev.lag.reports.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.RankedCandidate;
import dev.lag.reports.StageReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@code selection.json} object (on its own, or one stage of {@code stack.json}) as a stage. */
final class SelectionRecord {
  private SelectionRecord() {}

  /**
   * @param selection the selection object
   * @param finals each candidate's loss at the end of the stage, when every candidate got there
   *     (empty otherwise: no final ranking)
   */
  static StageReport stage(
      JsonNode selection,
      int stage,
      int depth,
      long finalStep,
      String metric,
      List<Trajectory> trajectories,
      double overheadFlops,
      Map<String, Double> finals,
      Path file) {
    String winner = RecordFiles.required(selection, "winner", file).asText();
    JsonNode rankingNode = RecordFiles.required(selection, "ranking", file);
    if (!rankingNode.isArray() || rankingNode.isEmpty()) {
      throw new InvalidInputException(file + ": field 'ranking' is not a non-empty list");
    }
    Set<String> tied = new HashSet<>();
    selection.path("tiedWithWinner").forEach(t -> tied.add(t.asText()));
    Map<String, Integer> finalRanks = finalRanks(finals);
    List<RankedCandidate> ranking = new ArrayList<>();
    for (JsonNode r : rankingNode) {
      String name = RecordFiles.required(r, "name", file).asText();
      ranking.add(
          new RankedCandidate(
              r.path("rank").asInt(ranking.size() + 1),
              name,
              RecordFiles.number(r, "score"),
              RecordFiles.number(r, "stdError"),
              r.path("stepsTrained").asLong(),
              r.path("status").asText(""),
              tied.contains(name) || name.equals(winner),
              finalRanks.getOrDefault(name, 0),
              finals.getOrDefault(name, Double.NaN),
              RecordFiles.number(r, "difference"),
              RecordFiles.number(r, "differenceLow"),
              RecordFiles.number(r, "differenceHigh")));
    }
    return new StageReport(
        depth > 0 && stage > 1
            ? "Stage " + stage + ": " + depth + " layers"
            : depth > 0 ? "Growth to " + depth + " layers" : "Selection",
        stage,
        depth,
        selection.path("lag").asLong(),
        finalStep,
        winner,
        selection.path("reason").asText(""),
        selection.path("policy").asText(""),
        selection.path("scorer").asText(""),
        metric,
        ranking,
        trajectories,
        overheadFlops,
        selection.path("uncertainty").asText(""),
        selection.path("tieBreak").path("rule").asText("").equals("prior")
            ? selection.path("tieBreak").path("prior").asText("")
            : "");
  }

  /** 1-based ranks by ascending final value; NaN (diverged) last. */
  static Map<String, Integer> finalRanks(Map<String, Double> finals) {
    List<String> order = new ArrayList<>(finals.keySet());
    order.sort(
        Comparator.comparingDouble(
            n -> Double.isNaN(finals.get(n)) ? Double.POSITIVE_INFINITY : finals.get(n)));
    Map<String, Integer> ranks = new java.util.LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      ranks.put(order.get(i), i + 1);
    }
    return ranks;
  }
}
