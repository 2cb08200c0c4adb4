package dev.lag.selector;

import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.SelectionPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landscape-aware growing (Karp et al., 2024): grow the model with every candidate, train each for
 * a short lag, score, rank, and pick. How long the lag is, and which candidates keep training, is
 * the policy's decision ({@link FixedLag} is the paper's rule).
 *
 * <pre>{@code
 * Selection s = LagSelector.builder()
 *     .setTrainer(new DjlCandidateTrainer(source, target, stage, data))
 *     .optPolicy(new FixedLag(50))
 *     .build()
 *     .choose(Pool.defaultPool());
 * }</pre>
 */
public final class LagSelector {
  private static final Logger LOG = LoggerFactory.getLogger(LagSelector.class);

  private final CandidateTrainer trainer;
  private final SelectionPolicy policy;
  private final Scorer scorer;
  private final long finalStep;

  private LagSelector(Builder b) {
    this.trainer = b.trainer;
    this.policy = b.policy;
    this.scorer = b.scorer;
    this.finalStep = b.finalStep;
  }

  /** A builder: {@code setTrainer} is required, the rest optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Picks a candidate from the pool; see the class comment for the algorithm. */
  public Selection choose(Pool pool) {
    long started = System.nanoTime();
    List<String> names = pool.candidates().stream().map(Candidate::name).toList();
    Map<String, List<Point>> logs = new LinkedHashMap<>();
    names.forEach(n -> logs.put(n, new ArrayList<>()));

    // Grow every candidate and train it for the lag: the policy says how far, given the history.
    Decision decision;
    while ((decision = policy.decide(names, history(logs))) instanceof Decision.Train train) {
      for (Map.Entry<String, Long> next : train.until().entrySet()) {
        String name = next.getKey();
        List<Point> log = logs.get(name);
        long from = log.isEmpty() ? 0 : log.get(log.size() - 1).step();
        LOG.info("training {} from step {} to {}", name, from, next.getValue());
        trainer.train(pool.get(name), from, next.getValue(), logs.get(name)::add);
      }
    }
    Decision.Pick pick = (Decision.Pick) decision;

    // Score every candidate at the lag, rank, and pick the best. A candidate a policy dropped
    // earlier is scored where it stopped and ranks below every candidate that went further.
    SelectionHistory history = history(logs);
    List<Selection.Ranked> scored = new ArrayList<>();
    for (String name : names) {
      Prediction p = scoreAtOrBefore(history, name, pick.lag());
      scored.add(
          new Selection.Ranked(
              0,
              name,
              p.value(),
              p.stdError(),
              Math.max(0, history.reached(name)),
              history.diverged(name) ? "diverged" : "ok"));
    }
    scored.sort(
        Comparator.comparing((Selection.Ranked r) -> r.status().equals("diverged"))
            .thenComparing(r -> -r.stepsTrained())
            .thenComparingDouble(
                r -> Double.isNaN(r.score()) ? Double.POSITIVE_INFINITY : r.score()));
    List<Selection.Ranked> ranking = new ArrayList<>();
    for (Selection.Ranked r : scored) {
      ranking.add(
          new Selection.Ranked(
              ranking.size() + 1, r.name(), r.score(), r.stdError(), r.stepsTrained(), r.status()));
    }
    Selection.Ranked winner = ranking.get(0);
    return new Selection(
        winner.name(),
        ranking,
        tiedWith(winner, ranking),
        pick.lag(),
        pick.reason(),
        policy.describe(),
        scorer.name(),
        history.trajectories(),
        compute(history, started));
  }

  /** A candidate dropped at an earlier rung is scored where it stopped. */
  private static Prediction scoreAtOrBefore(SelectionHistory history, String name, long lag) {
    long at = Math.min(lag, history.reached(name));
    return history.diverged(name) ? Prediction.NONE : history.score(name, at);
  }

  private static List<String> tiedWith(Selection.Ranked winner, List<Selection.Ranked> ranking) {
    List<String> tied = new ArrayList<>();
    for (Selection.Ranked r : ranking.subList(1, ranking.size())) {
      double se = Math.hypot(zero(r.stdError()), zero(winner.stdError()));
      if (Double.isFinite(r.score())
          && r.stepsTrained() == winner.stepsTrained()
          && r.score() - winner.score() <= se) {
        tied.add(r.name());
      }
    }
    return tied;
  }

  private SelectionHistory history(Map<String, List<Point>> logs) {
    Map<String, Trajectory> trajectories = new LinkedHashMap<>();
    logs.forEach(
        (name, points) -> {
          if (!points.isEmpty()) {
            trajectories.put(name, new Trajectory(name, points));
          }
        });
    return new SelectionHistory(trajectories, scorer, finalStep);
  }

  private static Selection.Compute compute(SelectionHistory history, long started) {
    long steps = 0;
    double tokens = 0;
    double flops = 0;
    for (Trajectory t : history.trajectories().values()) {
      List<Point> points = t.points();
      Point first = points.get(0);
      Point last = points.get(points.size() - 1);
      steps += last.step() - first.step();
      tokens += last.tokens() - first.tokens();
      flops += last.flops() - first.flops();
    }
    return new Selection.Compute(steps, tokens, flops, (System.nanoTime() - started) / 1e9);
  }

  private static double zero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  /** Builds a {@link LagSelector}. */
  public static final class Builder {
    private CandidateTrainer trainer;
    private SelectionPolicy policy = new FixedLag(50);
    private Scorer scorer = new LastValueScorer(Metric.EVAL_LOSS);
    private long finalStep = 1000;

    /** Required: who trains the candidates. */
    public Builder setTrainer(CandidateTrainer trainer) {
      this.trainer = trainer;
      return this;
    }

    /** When to stop and pick (default: {@code fixed-lag(k=50)}). */
    public Builder optPolicy(SelectionPolicy policy) {
      this.policy = policy;
      return this;
    }

    /** How a trajectory becomes a score (default: last held-out loss). */
    public Builder optScorer(Scorer scorer) {
      this.scorer = scorer;
      return this;
    }

    /**
     * The step the scores predict, for extrapolating scorers (default 1000; use the stage length).
     */
    public Builder optFinalStep(long finalStep) {
      this.finalStep = finalStep;
      return this;
    }

    /** The selector; fails if no trainer was set. */
    public LagSelector build() {
      if (trainer == null) {
        throw new IllegalStateException("LagSelector needs setTrainer(...)");
      }
      return new LagSelector(this);
    }
  }
}
