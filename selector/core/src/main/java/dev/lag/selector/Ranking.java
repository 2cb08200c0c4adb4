package dev.lag.selector;

import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.stats.PairedBootstrap;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.policy.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of LAG, shared by every front door ({@link LagSelector}, {@link
 * dev.lag.selector.push.PushSelection}, {@code lag serve}): score every candidate at the lag, rank,
 * say how sure the ranking is and what that uncertainty measures, and pick: the best score, or,
 * when the leaders are tied within the noise, the one the prior puts first.
 */
public final class Ranking {
  /** What the fallback intervals measure, when there is no shared evidence. */
  static final String READING_NOISE =
      "reading noise of each score (scatter of its recent values around a quadratic); not paired:"
          + " one replica and no per-batch losses";

  private Ranking() {}

  /**
   * The selection a pick makes of a history.
   *
   * @param specs each candidate's growth spec (or its name, for a loop that grows its own way), in
   *     pool order
   * @param history everything the candidates reported
   * @param pick the policy's pick: the lag whose scores decide, and why
   * @param policy the policy as written in configs
   * @param prior breaks ties among the leaders
   * @param seconds wall-clock seconds the selection took
   */
  public static Selection at(
      Map<String, String> specs,
      SelectionHistory history,
      Decision.Pick pick,
      String policy,
      Prior prior,
      double seconds) {
    long lag = pick.lag();
    // Every candidate is scored at the lag: one that reported past it is scored there too, so
    // steps past the lag buy nothing. A candidate a policy dropped earlier is scored where it
    // stopped and ranks below every candidate that reached the lag; diverged candidates rank last.
    List<Scored> scored = new ArrayList<>();
    for (String name : specs.keySet()) {
      long reached = Math.max(0, history.reached(name));
      long at = Math.min(lag, history.reached(name));
      boolean diverged = history.diverged(name);
      Prediction p = diverged || at < 0 ? Prediction.NONE : history.score(name, at);
      scored.add(new Scored(name, p, reached, Math.min(reached, lag), diverged));
    }
    scored.sort(
        Comparator.comparing(Scored::diverged)
            .thenComparing(s -> -s.depth())
            .thenComparingDouble(
                s -> Double.isNaN(s.p().value()) ? Double.POSITIVE_INFINITY : s.p().value()));
    String leader = scored.get(0).name();

    // How sure: paired evidence among the candidates that reached the lag with a score.
    List<String> atLag = new ArrayList<>();
    for (Scored s : scored) {
      if (!s.diverged() && s.depth() == lag && !Double.isNaN(s.p().value())) {
        atLag.add(s.name());
      }
    }
    Optional<PairedBootstrap.Result> evidence = history.evidence(atLag, lag);
    Map<String, PairedBootstrap.Comparison> compared = new LinkedHashMap<>();
    evidence.ifPresent(
        r -> {
          for (int i = 0; i < atLag.size(); i++) {
            compared.put(atLag.get(i), r.comparisons().get(i));
          }
        });
    double leaderScore = scored.get(0).p().value();
    List<String> tied = new ArrayList<>();
    List<Selection.Ranked> ranking = new ArrayList<>();
    for (Scored s : scored) {
      PairedBootstrap.Comparison c = compared.get(s.name());
      double se = c != null ? c.stdError() : s.p().stdError();
      double low = Double.NaN;
      double high = Double.NaN;
      if (c != null) {
        low = c.low();
        high = c.high();
      } else if (evidence.isEmpty() && atLag.contains(s.name()) && atLag.contains(leader)) {
        // No shared evidence: the scores' own reading noise, combined, around the difference.
        double noise = Math.hypot(zero(s.p().stdError()), zero(scored.get(0).p().stdError()));
        double d = s.p().value() - leaderScore;
        if (noise > 0) {
          low = d - noise;
          high = d + noise;
        }
      }
      if (!s.name().equals(leader) && low <= 0 && high >= 0) {
        tied.add(s.name());
      }
      ranking.add(
          new Selection.Ranked(
              ranking.size() + 1,
              s.name(),
              s.p().value(),
              se,
              s.p().value() - leaderScore,
              s.name().equals(leader) ? 0 : low,
              s.name().equals(leader) ? 0 : high,
              s.reached(),
              s.diverged() ? Selection.Status.DIVERGED : Selection.Status.OK));
    }
    String uncertainty =
        evidence
            .map(PairedBootstrap.Result::measures)
            .orElse(
                ranking.stream().anyMatch(r -> Double.isFinite(r.differenceLow()))
                    ? READING_NOISE
                    : "none: nothing to measure it by (one replica, no per-batch losses, too few"
                        + " points)");

    // Without any score (a policy that trains nothing) every candidate is tied: the prior decides.
    if (scored.stream().allMatch(x -> Double.isNaN(x.p().value()))) {
      tied.clear();
      scored.stream().map(Scored::name).filter(n -> !n.equals(leader)).forEach(tied::add);
      uncertainty = "none: no candidate was trained, so every candidate is tied";
    }

    // The pick: the leader, unless it is tied; then the prior chooses among the tied leaders.
    String winner = leader;
    Selection.TieBreak tieBreak = new Selection.TieBreak(Selection.TieBreak.Rule.SCORE, leader, "");
    if (!tied.isEmpty()) {
      Map<String, String> contenders = new LinkedHashMap<>();
      contenders.put(leader, specs.get(leader));
      tied.forEach(t -> contenders.put(t, specs.get(t)));
      winner = prior.choose(contenders);
      tieBreak = new Selection.TieBreak(Selection.TieBreak.Rule.PRIOR, leader, prior.source());
    }
    List<String> tiedWithWinner = new ArrayList<>();
    if (!tied.isEmpty()) {
      tiedWithWinner.add(leader);
      tiedWithWinner.addAll(tied);
      tiedWithWinner.remove(winner);
    }
    boolean noEvidence = scored.stream().allMatch(x -> Double.isNaN(x.p().value()));
    String reason;
    if (noEvidence) {
      reason = pick.reason() + "; no evidence: nothing was scored, so the prior chose " + winner;
    } else if (tieBreak.rule() == Selection.TieBreak.Rule.PRIOR) {
      reason =
          pick.reason()
              + "; "
              + leader
              + " scored best but is tied with "
              + String.join(", ", tied)
              + ", so the prior chose "
              + winner;
    } else {
      reason = pick.reason();
    }
    return new Selection(
        winner,
        ranking,
        tiedWithWinner,
        lag,
        reason,
        policy,
        history.scorer().name(),
        uncertainty,
        tieBreak,
        history.replicaCount(),
        history.trajectories(),
        history.replicas(),
        compute(history, seconds),
        trade(history, winner, lag, evidence, atLag),
        PickConfidence.none("no bank of earlier studies to calibrate against (--bank DIR)"));
  }

  /**
   * What the selection's overhead bought: the expected regret of the leader at the first step every
   * candidate could be compared, against that of the winner at the lag.
   */
  private static Selection.Trade trade(
      SelectionHistory history,
      String winner,
      long lag,
      Optional<PairedBootstrap.Result> evidence,
      List<String> atLag) {
    long steps = 0;
    double flops = 0;
    for (Map.Entry<String, List<Trajectory>> e : history.replicas().entrySet()) {
      for (int r = 0; r < e.getValue().size(); r++) {
        Trajectory t = e.getValue().get(r);
        if (t == null || t.isEmpty()) {
          continue;
        }
        boolean winnersOwn = e.getKey().equals(winner) && r == 0;
        List<Point> points = t.points();
        if (!winnersOwn) {
          steps += points.get(points.size() - 1).step() - points.get(0).step();
          flops += lastFinite(points, Point::flops) - points.get(0).flops();
        }
        for (Point p : points) {
          for (var probe : p.probes()) {
            flops += probe.flops();
          }
        }
      }
    }
    double regret = evidence.map(r -> r.expectedRegret(atLag.indexOf(winner))).orElse(Double.NaN);
    if (!atLag.contains(winner)) {
      regret = Double.NaN;
    }
    long firstStep = -1;
    double firstRegret = Double.NaN;
    Trajectory own =
        history.replicas().getOrDefault(winner, List.of()).stream().findFirst().orElse(null);
    boolean evaluated = own != null && own.has(Metric.EVAL_LOSS);
    for (Point p : own == null ? List.<Point>of() : own.points()) {
      // The first look is the first new evidence after growth: an evaluation where there are any.
      if (p.step() <= 0 || p.step() > lag || (evaluated && Double.isNaN(p.evalLoss()))) {
        continue;
      }
      List<String> compared = new ArrayList<>();
      for (String c : atLag) {
        if (!Double.isNaN(history.score(c, p.step()).value())) {
          compared.add(c);
        }
      }
      if (compared.size() < atLag.size() || compared.size() < 2) {
        continue;
      }
      Optional<PairedBootstrap.Result> first = history.evidence(compared, p.step());
      if (first.isPresent()) {
        firstStep = p.step();
        firstRegret = first.get().expectedRegret(first.get().leader());
        break;
      }
    }
    return new Selection.Trade(
        steps, flops, firstStep, firstRegret, regret, regret / history.progressRate(winner, lag));
  }

  /** A candidate's score at the lag (or where it stopped). */
  private record Scored(String name, Prediction p, long reached, long depth, boolean diverged) {}

  private static Selection.Compute compute(SelectionHistory history, double seconds) {
    long steps = 0;
    double tokens = 0;
    double flops = 0;
    for (List<Trajectory> replicas : history.replicas().values()) {
      for (Trajectory t : replicas) {
        if (t == null || t.isEmpty()) {
          continue;
        }
        List<Point> points = t.points();
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        steps += last.step() - first.step();
        tokens += lastFinite(points, Point::tokens) - first.tokens();
        flops += lastFinite(points, Point::flops) - first.flops();
        for (Point p : points) {
          for (var probe : p.probes()) {
            flops += probe.flops();
          }
        }
      }
    }
    return new Selection.Compute(steps, tokens, flops, seconds);
  }

  /** The value of the last point that has one (a probe's point carries no counters). */
  private static double lastFinite(
      List<Point> points, java.util.function.ToDoubleFunction<Point> f) {
    for (int i = points.size() - 1; i >= 0; i--) {
      if (!Double.isNaN(f.applyAsDouble(points.get(i)))) {
        return f.applyAsDouble(points.get(i));
      }
    }
    return Double.NaN;
  }

  private static double zero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
