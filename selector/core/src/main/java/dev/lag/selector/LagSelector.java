package dev.lag.selector;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.SelectionPolicy;
import java.util.ArrayList;
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
 *     .choose(Pool.ofSpecs(List.of("stack-top", "midas", "zero-new")));
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
      List<CandidateTrainer.Request> windows = new ArrayList<>();
      for (Map.Entry<String, Long> next : train.until().entrySet()) {
        List<Point> log = logs.get(next.getKey());
        long from = log.isEmpty() ? 0 : log.get(log.size() - 1).step();
        LOG.info("training {} from step {} to {}", next.getKey(), from, next.getValue());
        windows.add(new CandidateTrainer.Request(pool.get(next.getKey()), from, next.getValue()));
      }
      trainer.trainAll(windows, (name, point) -> logs.get(name).add(point));
    }
    if (decision instanceof Decision.Missing missing) {
      throw InvalidInputException.field(
          "scorer " + scorer.name(),
          missing.unscored(),
          "nothing to score at or before step "
              + missing.step()
              + ": these candidates logged none of what the scorer reads there (an eval loss,"
              + " say); evaluate within the lag, or score by another metric");
    }
    Decision.Pick pick = (Decision.Pick) decision;

    // Score every candidate at the lag, rank, and pick the best; say which it is tied with.
    return Ranking.at(
        names, history(logs), pick, policy.describe(), (System.nanoTime() - started) / 1e9);
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
