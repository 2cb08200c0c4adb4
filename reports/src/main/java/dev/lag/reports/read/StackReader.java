package dev.lag.reports.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.Contender;
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

/**
 * A {@code lag stack} run: {@code stack.json} for the choices and the contenders, {@code
 * metrics.jsonl} for the curves. In the metrics, steps restart at every stage and FLOPs count from
 * the start of the schedule; {@code lag} is the adaptive schedule (stage 1 is the shared first
 * depth), {@code scratch} the from-scratch baseline (stage 0), {@code fixed:OP} one operator at
 * every stage, and the bare operator names are the candidates of each selection.
 */
final class StackReader {
  private StackReader() {}

  static RunReport read(Path dir, String id, List<SkippedInput> problems) {
    Path file = dir.resolve("stack.json");
    JsonNode stack = RecordFiles.readObject(file);
    JsonNode config = RecordFiles.required(stack, "config", file);
    JsonNode stagesNode = RecordFiles.required(stack, "stages", file);
    List<Integer> depths = new ArrayList<>();
    config.path("depths").forEach(d -> depths.add(d.asInt()));
    String metric = config.path("metric").asText("eval");
    Map<Integer, Map<String, Trajectory>> metrics = Map.of();
    try {
      metrics = RecordFiles.metrics(dir.resolve("metrics.jsonl"));
    } catch (InvalidInputException e) {
      problems.add(new SkippedInput(dir.toString(), e.getMessage() + "; curves left out"));
    }

    List<StageReport> stages = new ArrayList<>();
    List<String> winners = new ArrayList<>();
    LagCurveResult curve = null;
    for (JsonNode s : stagesNode) {
      int stage = s.path("stage").asInt();
      JsonNode selection = RecordFiles.required(s, "selection", file);
      Map<String, Trajectory> inStage = metrics.getOrDefault(stage, Map.of());
      String winner = selection.path("winner").asText();
      List<String> names = new ArrayList<>();
      selection.path("ranking").forEach(r -> names.add(r.path("name").asText()));
      List<Trajectory> candidates = candidates(inStage, names, winner);
      long steps = s.path("steps").asLong();
      // Where the fixed-operator baselines grew the same model as the selection (the first
      // growth), they trained every candidate to the end of the stage: a study for free.
      List<Trajectory> full = fullStage(metrics, stage, steps, names, winners);
      if (!full.isEmpty()) {
        candidates = full;
        if (curve == null) {
          Metric m = Metric.parse(metric);
          curve =
              new LagCurve(
                      curveScorer(selection.path("scorer").asText("last"), m),
                      m,
                      1,
                      RankAgreement.standard(0))
                  .compute(full, steps, LagCurve.geometricGrid(steps, 12));
        }
      }
      stages.add(
          SelectionRecord.stage(
              selection,
              stage,
              s.path("depth").asInt(),
              steps,
              metric,
              candidates,
              RecordFiles.number(s, "overheadFlops"),
              finals(metrics, stage, steps, names, winners),
              file));
      winners.add(winner);
    }

    List<Contender> contenders = contenders(stack, metrics, stages, depths);
    JsonNode run = RecordFiles.readOptional(dir.resolve("run.json"));
    return new RunReport(
        id,
        dir.getFileName().toString(),
        dir.toString(),
        "stack",
        summary(depths, stages, contenders, curve),
        stages,
        curve,
        contenders,
        List.of(),
        RecordFiles.flatten(config),
        RecordFiles.flatten(run == null ? null : run.path("provenance")));
  }

  /** A stage's candidates as selected; the pick's curve goes on past the lag. */
  private static List<Trajectory> candidates(
      Map<String, Trajectory> inStage, List<String> names, String winner) {
    List<Trajectory> candidates = new ArrayList<>();
    for (String name : names) {
      Trajectory t = inStage.get(name);
      if (t == null) {
        continue;
      }
      Trajectory continued = inStage.get("lag");
      if (name.equals(winner) && continued != null) {
        // The pick's curve goes on past the lag: that is the model the schedule kept.
        List<Point> all = new ArrayList<>(t.points());
        all.addAll(continued.points());
        t = new Trajectory(name, all, t.diverged() || continued.diverged());
      }
      candidates.add(t);
    }
    return candidates;
  }

  /** The schedules on the shared budget, each with its timeline. */
  private static List<Contender> contenders(
      JsonNode stack,
      Map<Integer, Map<String, Trajectory>> metrics,
      List<StageReport> stages,
      List<Integer> depths) {
    List<Contender> contenders = new ArrayList<>();
    for (JsonNode c : stack.path("contenders")) {
      String name = c.path("name").asText();
      contenders.add(
          new Contender(
              name,
              RecordFiles.number(c, "finalEvalLoss"),
              RecordFiles.number(c, "flops"),
              RecordFiles.number(c, "overheadFlops"),
              RecordFiles.number(c, "flopsToScratchLoss"),
              RecordFiles.number(c, "savingVsScratch"),
              timeline(name, metrics, stages, depths)));
    }
    return contenders;
  }

  /**
   * Candidate X trained to the end of a stage exists when the baseline {@code fixed:X} started this
   * stage from the same model as the selection did: at the first growth, or when every earlier
   * winner was X. Empty unless every candidate has one.
   */
  private static Map<String, Double> finals(
      Map<Integer, Map<String, Trajectory>> metrics,
      int stage,
      long steps,
      List<String> names,
      List<String> earlierWinners) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : names) {
      boolean sameSource = earlierWinners.stream().allMatch(name::equals);
      Trajectory fixed = metrics.getOrDefault(stage, Map.of()).get("fixed:" + name);
      if (!sameSource || fixed == null || fixed.lastStep() < steps) {
        return Map.of();
      }
      out.put(name, fixed.diverged() ? Double.NaN : fixed.valueAt(Metric.EVAL_LOSS, steps));
    }
    return out;
  }

  /**
   * Every candidate's whole stage, from the baselines {@code fixed:X} that grew the same model as
   * the selection did (see {@link #finals}), named after the candidate; empty unless every
   * candidate has one.
   */
  private static List<Trajectory> fullStage(
      Map<Integer, Map<String, Trajectory>> metrics,
      int stage,
      long steps,
      List<String> names,
      List<String> earlierWinners) {
    List<Trajectory> out = new ArrayList<>();
    for (String name : names) {
      boolean sameSource = earlierWinners.stream().allMatch(name::equals);
      Trajectory fixed = metrics.getOrDefault(stage, Map.of()).get("fixed:" + name);
      if (!sameSource || fixed == null || fixed.lastStep() < steps) {
        return List.of();
      }
      out.add(new Trajectory(name, fixed.points(), fixed.diverged()));
    }
    return out;
  }

  /** A schedule's eval loss and depth against its cumulative FLOPs, selection overhead included. */
  private static List<Contender.TimelinePoint> timeline(
      String name,
      Map<Integer, Map<String, Trajectory>> metrics,
      List<StageReport> stages,
      List<Integer> depths) {
    List<Contender.TimelinePoint> out = new ArrayList<>();
    if (name.equals("scratch")) {
      Trajectory t = metrics.getOrDefault(0, Map.of()).get("scratch");
      add(out, t, 0, depths.isEmpty() ? 0 : depths.get(depths.size() - 1));
      return out;
    }
    add(out, metrics.getOrDefault(1, Map.of()).get("lag"), 0, depths.isEmpty() ? 0 : depths.get(0));
    double overhead = 0;
    for (StageReport s : stages) {
      Map<String, Trajectory> inStage = metrics.getOrDefault(s.stage(), Map.of());
      if (name.equals("lag")) {
        overhead += Double.isFinite(s.overheadFlops()) ? s.overheadFlops() : 0;
        add(out, inStage.get(s.winner()), overhead, s.depth());
        add(out, inStage.get("lag"), overhead, s.depth());
      } else {
        add(out, inStage.get(name), 0, s.depth());
      }
    }
    return out;
  }

  private static void add(
      List<Contender.TimelinePoint> out, Trajectory t, double extra, int depth) {
    if (t == null) {
      return;
    }
    for (Point p : t.points()) {
      if (Double.isFinite(p.evalLoss()) && Double.isFinite(p.flops())) {
        out.add(new Contender.TimelinePoint(p.flops() + extra, p.evalLoss(), depth));
      }
    }
  }

  private static List<String> summary(
      List<Integer> depths,
      List<StageReport> stages,
      List<Contender> contenders,
      LagCurveResult curve) {
    List<String> out = new ArrayList<>();
    out.add(path(depths, stages));
    Contender lag = null;
    Contender scratch = null;
    Contender bestFixed = null;
    Contender raptr = null;
    for (Contender c : contenders) {
      if (c.name().equals("lag")) {
        lag = c;
      } else if (c.name().equals("scratch")) {
        scratch = c;
      } else if (c.name().equals("raptr")) {
        raptr = c;
      } else if (bestFixed == null || c.finalEvalLoss() < bestFixed.finalEvalLoss()) {
        bestFixed = c;
      }
    }
    if (lag != null && scratch != null) {
      out.add(
          String.format(
              Locale.ROOT,
              "Final eval loss %.4f vs %.4f from scratch on the same budget; selection spent %s FLOPs on"
                  + " candidates it dropped; %s.",
              lag.finalEvalLoss(),
              scratch.finalEvalLoss(),
              Format.flops(lag.overheadFlops()),
              Double.isNaN(lag.savingVsScratch())
                  ? "it never reached the from-scratch final loss"
                  : "it reached the from-scratch final loss with "
                      + Format.percent(lag.savingVsScratch())
                      + " fewer FLOPs, overhead included"));
    }
    if (lag != null && bestFixed != null) {
      out.add(
          String.format(
              Locale.ROOT,
              "Best fixed operator: %s at %.4f (%s the adaptive schedule).",
              bestFixed.name(),
              bestFixed.finalEvalLoss(),
              bestFixed.finalEvalLoss() < lag.finalEvalLoss() ? "better than" : "not better than"));
    }
    if (raptr != null && scratch != null) {
      out.add(
          String.format(
              Locale.ROOT,
              "RaPTr (random sub-paths of the %s-layer model, paths as long as the stacked depths):"
                  + " final eval loss %.4f; %s.",
              depths.isEmpty() ? "last" : depths.get(depths.size() - 1).toString(),
              raptr.finalEvalLoss(),
              Double.isNaN(raptr.savingVsScratch())
                  ? "it never reached the from-scratch final loss"
                  : "it reached the from-scratch final loss with "
                      + Format.percent(raptr.savingVsScratch())
                      + " fewer FLOPs"));
    }
    if (curve != null) {
      out.add(
          "At the first growth the fixed-operator baselines trained every candidate to the end of"
              + " the stage from the same model, so the lag curve below asks how early that stage's"
              + " ranking could be read. "
              + LogPoolReader.curveSentence(curve));
    }
    return out;
  }

  /** The adaptive schedule's path: each stage's pick and lag, and its ties. */
  private static String path(List<Integer> depths, List<StageReport> stages) {
    StringBuilder path = new StringBuilder("Adaptive gradual stacking through depths " + depths);
    for (StageReport s : stages) {
      path.append(
          String.format(
              Locale.ROOT,
              "; stage %d (%d layers): %s at lag %d",
              s.stage(),
              s.depth(),
              s.winner(),
              s.lag()));
      if (!s.tied().isEmpty()) {
        path.append(" (tied with ").append(String.join(", ", s.tied())).append(")");
      }
    }
    return path + ".";
  }

  /**
   * The scorer of the stage's lag curve: the selection's own where it learns nothing, else the last
   * value (the curve names the scorer it used). The annealing law and the learned scorer were
   * fitted on a bank the report does not read.
   */
  private static Scorer curveScorer(String name, Metric metric) {
    try {
      return Scorers.byName(name, metric);
    } catch (InvalidInputException fittedOnABank) {
      return Scorers.byName("last", metric);
    }
  }
}
