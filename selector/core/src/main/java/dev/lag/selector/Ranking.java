package dev.lag.selector;

import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.spec.Spec;
import dev.lag.analysis.stats.PairedBootstrap;
import dev.lag.selector.policy.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of LAG, shared by every front door through {@link SelectionSession}: score every
 * candidate at the lag, order them, compare them on paired evidence (saying what that uncertainty
 * measures), break ties among the leaders by the prior, and explain the pick and its trade.
 */
public final class Ranking {
  /** What the fallback intervals measure, when there is no shared evidence. */
  static final String READING_NOISE =
      "reading noise of each score (scatter of its recent values around a quadratic); not paired:"
          + " one replica and no per-batch losses";

  private final Map<String, String> specs;
  private final Spec policy;
  private final Prior prior;

  /**
   * @param specs each candidate's growth spec (or its name, for a loop that grows its own way), in
   *     pool order
   * @param policy the policy, as its spec
   * @param prior breaks ties among the leaders
   */
  public Ranking(Map<String, String> specs, Spec policy, Prior prior) {
    this.specs = new LinkedHashMap<>(specs);
    this.policy = policy;
    this.prior = prior;
  }

  /**
   * The selection a pick makes of a history.
   *
   * @param history everything the candidates reported
   * @param pick the policy's pick: the lag whose scores decide, and why
   * @param seconds wall-clock seconds the selection took
   */
  public Selection at(SelectionHistory history, Decision.Pick pick, double seconds) {
    long lag = pick.lag();
    List<Scored> scored = ordered(scores(history, lag));
    Compared compared = compare(history, scored, lag);
    TieBreak tie = breakTie(scored.get(0).name(), compared.tied());
    return new Selection(
        tie.winner(),
        compared.ranking(),
        tie.tiedWithWinner(),
        lag,
        explain(pick, scored, compared.tied(), tie),
        policy,
        history.scorer().name(),
        compared.uncertainty(),
        tie.rule(),
        history.replicaCount(),
        history.trajectories(),
        history.replicas(),
        SelectionCost.compute(history, seconds),
        SelectionCost.trade(history, tie.winner(), lag, compared.evidence(), compared.atLag()),
        PickConfidence.none("no bank of earlier studies to calibrate against (--bank DIR)"));
  }

  /** A candidate's score at the lag (or where it stopped). */
  private record Scored(String name, Prediction p, long reached, long depth, boolean diverged) {
    boolean unscored() {
      return Double.isNaN(p.value());
    }
  }

  /**
   * Score: every candidate at the lag. One that reported past it is scored there too, so steps past
   * the lag buy nothing; one a policy dropped earlier is scored where it stopped.
   */
  private List<Scored> scores(SelectionHistory history, long lag) {
    List<Scored> scored = new ArrayList<>();
    for (String name : specs.keySet()) {
      long reached = Math.max(0, history.reached(name));
      long at = Math.min(lag, history.reached(name));
      boolean diverged = history.diverged(name);
      Prediction p = diverged || at < 0 ? Prediction.NONE : history.score(name, at);
      scored.add(new Scored(name, p, reached, Math.min(reached, lag), diverged));
    }
    return scored;
  }

  /**
   * Order: best score first among the candidates that went deepest; a candidate dropped earlier
   * ranks below every one that reached the lag, and diverged candidates rank last.
   */
  private static List<Scored> ordered(List<Scored> scored) {
    List<Scored> out = new ArrayList<>(scored);
    out.sort(
        Comparator.comparing(Scored::diverged)
            .thenComparing(s -> -s.depth())
            .thenComparingDouble(s -> s.unscored() ? Double.POSITIVE_INFINITY : s.p().value()));
    return out;
  }

  /** The comparison with the leader: the ranked rows, who is tied with it, and on what evidence. */
  private record Compared(
      List<Selection.Ranked> ranking,
      List<String> tied,
      String uncertainty,
      Optional<PairedBootstrap.Result> evidence,
      List<String> atLag) {}

  /**
   * Compare: each candidate's difference with the leader and its interval, from the paired evidence
   * among the candidates that reached the lag with a score (their scores' own reading noise where
   * there is none); a candidate whose interval holds 0 is tied with the leader.
   */
  private static Compared compare(SelectionHistory history, List<Scored> scored, long lag) {
    Scored leader = scored.get(0);
    List<String> atLag = new ArrayList<>();
    for (Scored s : scored) {
      if (!s.diverged() && s.depth() == lag && !s.unscored()) {
        atLag.add(s.name());
      }
    }
    Optional<PairedBootstrap.Result> evidence = history.evidence(atLag, lag);
    Map<String, PairedBootstrap.Comparison> paired = new LinkedHashMap<>();
    evidence.ifPresent(
        r -> {
          for (int i = 0; i < atLag.size(); i++) {
            paired.put(atLag.get(i), r.comparisons().get(i));
          }
        });
    List<String> tied = new ArrayList<>();
    List<Selection.Ranked> ranking = new ArrayList<>();
    for (Scored s : scored) {
      PairedBootstrap.Comparison c = paired.get(s.name());
      double[] interval = {Double.NaN, Double.NaN};
      if (c != null) {
        interval = new double[] {c.low(), c.high()};
      } else if (evidence.isEmpty() && atLag.contains(s.name()) && atLag.contains(leader.name())) {
        interval = readingNoise(s, leader);
      }
      boolean isLeader = s == leader;
      if (!isLeader && interval[0] <= 0 && interval[1] >= 0) {
        tied.add(s.name());
      }
      ranking.add(
          new Selection.Ranked(
              ranking.size() + 1,
              s.name(),
              s.p().value(),
              c != null ? c.stdError() : s.p().stdError(),
              s.p().value() - leader.p().value(),
              isLeader ? 0 : interval[0],
              isLeader ? 0 : interval[1],
              s.reached(),
              s.diverged() ? Selection.Status.DIVERGED : Selection.Status.OK));
    }
    String uncertainty = evidence.map(PairedBootstrap.Result::measures).orElse(fallback(ranking));
    // Without any score (a policy that trains nothing) every candidate is tied: the prior decides.
    if (scored.stream().allMatch(Scored::unscored)) {
      tied.clear();
      scored.stream().skip(1).map(Scored::name).forEach(tied::add);
      uncertainty = "none: no candidate was trained, so every candidate is tied";
    }
    return new Compared(ranking, tied, uncertainty, evidence, atLag);
  }

  /** No shared evidence: the scores' own reading noise, combined, around the difference. */
  private static double[] readingNoise(Scored s, Scored leader) {
    double noise = Math.hypot(zero(s.p().stdError()), zero(leader.p().stdError()));
    double d = s.p().value() - leader.p().value();
    return noise > 0 ? new double[] {d - noise, d + noise} : new double[] {Double.NaN, Double.NaN};
  }

  private static String fallback(List<Selection.Ranked> ranking) {
    return ranking.stream().anyMatch(r -> Double.isFinite(r.differenceLow()))
        ? READING_NOISE
        : "none: nothing to measure it by (one replica, no per-batch losses, too few points)";
  }

  /** The pick: the winner, how it was chosen, and who it cannot be told from. */
  private record TieBreak(String winner, Selection.TieBreak rule, List<String> tiedWithWinner) {}

  /** Break ties: the leader, unless it is tied; then the prior chooses among the tied leaders. */
  private TieBreak breakTie(String leader, List<String> tied) {
    if (tied.isEmpty()) {
      return new TieBreak(
          leader, new Selection.TieBreak(Selection.TieBreak.Rule.SCORE, leader, ""), List.of());
    }
    Map<String, String> contenders = new LinkedHashMap<>();
    contenders.put(leader, specs.get(leader));
    tied.forEach(t -> contenders.put(t, specs.get(t)));
    String winner = prior.choose(contenders);
    List<String> tiedWithWinner = new ArrayList<>(contenders.keySet());
    tiedWithWinner.remove(winner);
    return new TieBreak(
        winner,
        new Selection.TieBreak(Selection.TieBreak.Rule.PRIOR, leader, prior.source()),
        tiedWithWinner);
  }

  /** Explain: why the policy stopped, and how the prior entered if it did. */
  private static String explain(
      Decision.Pick pick, List<Scored> scored, List<String> tied, TieBreak tie) {
    if (scored.stream().allMatch(Scored::unscored)) {
      return pick.reason()
          + "; no evidence: nothing was scored, so the prior chose "
          + tie.winner();
    }
    if (tie.rule().rule() == Selection.TieBreak.Rule.PRIOR) {
      return pick.reason()
          + "; "
          + tie.rule().leader()
          + " scored best but is tied with "
          + String.join(", ", tied)
          + ", so the prior chose "
          + tie.winner();
    }
    return pick.reason();
  }

  private static double zero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }
}
