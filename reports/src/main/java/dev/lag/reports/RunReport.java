package dev.lag.reports;

import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run's section of a report.
 *
 * @param id the section's anchor, unique in the report ({@code run-1}, ...)
 * @param name a short name (the run folder's)
 * @param source the input path
 * @param kind {@code stack}, {@code select}, {@code study}, {@code train} or {@code logs} (a pool
 *     of runs from any framework)
 * @param summary the key facts in sentences, first one first
 * @param stages the growth points, in order
 * @param lagCurve how well the score at each lag ranks the candidates by final loss; null when the
 *     candidates were not trained to the end (a selection stops them at the lag)
 * @param contenders the schedules of a stacking run, empty otherwise
 * @param reasoning each final model of a study on the reasoning primitives, empty otherwise
 * @param config the run's flat config, key to value
 * @param provenance versions, seed, device, git commit, time
 */
public record RunReport(
    String id,
    String name,
    String source,
    String kind,
    List<String> summary,
    List<StageReport> stages,
    LagCurveResult lagCurve,
    List<Contender> contenders,
    List<ReasoningRow> reasoning,
    Map<String, String> config,
    Map<String, String> provenance) {

  /**
   * The final loss of what the table's row names: the adaptive schedule's final eval loss, else the
   * last stage's winner's when it ran to the end (a study or a pool of logs, where the pick at the
   * lag need not be the best at the end), else the best final loss seen; NaN if none.
   */
  public double finalLoss() {
    for (Contender c : contenders) {
      if (c.name().equals("lag")) {
        return c.finalEvalLoss();
      }
    }
    double winner = winnerFinalLoss();
    if (!Double.isNaN(winner)) {
      return winner;
    }
    if (lagCurve != null) {
      return lagCurve.finalValues().values().stream()
          .filter(Double::isFinite)
          .mapToDouble(Double::doubleValue)
          .min()
          .orElse(Double.NaN);
    }
    double ranked =
        stages.stream()
            .flatMap(s -> s.ranking().stream())
            .mapToDouble(RankedCandidate::finalValue)
            .filter(Double::isFinite)
            .min()
            .orElse(Double.NaN);
    if (!Double.isNaN(ranked) || stages.size() != 1 || stages.get(0).trajectories().size() != 1) {
      return ranked;
    }
    // A single training run: its own last value.
    StageReport only = stages.get(0);
    Trajectory t = only.trajectories().get(0);
    return t.valueAt(Metric.parse(only.metric()), t.lastStep());
  }

  /**
   * How a schedule is named in tables: a fixed one by its name, the adaptive one by what it did
   * ({@code lag (prior: stack-top at every stage)}, {@code lag (hedged(confidence=0.8, budget=0.3):
   * midas, stack-top)}), so a row that was no selection does not read as one.
   */
  public String label(Contender c) {
    if (!c.name().equals("lag") || stages.isEmpty()) {
      return c.name();
    }
    List<String> winners = stages.stream().map(StageReport::winner).toList();
    String policy = stages.get(0).policy();
    String picks =
        winners.stream().distinct().count() == 1 && winners.size() > 1
            ? winners.get(0) + " at every stage"
            : String.join(", ", winners);
    return "lag (" + (policy == null || policy.isEmpty() ? "" : policy + ": ") + picks + ")";
  }

  /** The adaptive schedule's saving in FLOPs against from scratch; NaN when not measured. */
  public double saving() {
    return contenders.stream()
        .filter(c -> c.name().equals("lag"))
        .mapToDouble(Contender::savingVsScratch)
        .findFirst()
        .orElse(Double.NaN);
  }

  /** FLOPs spent on candidates that were dropped, over all stages; NaN when unknown. */
  public double selectionOverheadFlops() {
    double sum = 0;
    boolean any = false;
    for (StageReport s : stages) {
      if (Double.isFinite(s.overheadFlops())) {
        sum += s.overheadFlops();
        any = true;
      }
    }
    return any ? sum : Double.NaN;
  }

  /** The winner of every stage that chose one, in order ("stack-top, midas"). */
  public String winners() {
    return String.join(
        ", ",
        stages.stream()
            .filter(s -> s.winner() != null && !s.winner().isEmpty())
            .map(RunReport::winnerWithFinalRank)
            .toList());
  }

  /**
   * A stage's winner, with its rank at the end when every candidate ran to the end: the pick at the
   * lag of a study or of logs is what LAG would have chosen, not necessarily the best.
   */
  private static String winnerWithFinalRank(StageReport s) {
    long finished = s.ranking().stream().filter(c -> c.finalRank() > 0).count();
    return winnerOf(s)
        .filter(c -> c.finalRank() > 0 && finished > 1)
        .map(c -> s.winner() + " (final rank " + c.finalRank() + " of " + finished + ")")
        .orElse(s.winner());
  }

  /** The last stage's winner's final loss, NaN when it did not reach the end or none was picked. */
  private double winnerFinalLoss() {
    return stages.isEmpty()
        ? Double.NaN
        : winnerOf(stages.get(stages.size() - 1))
            .map(RankedCandidate::finalValue)
            .filter(Double::isFinite)
            .orElse(Double.NaN);
  }

  /** A stage's winner in its ranking. */
  private static Optional<RankedCandidate> winnerOf(StageReport s) {
    return s.ranking().stream().filter(c -> c.name().equals(s.winner())).findFirst();
  }
}
