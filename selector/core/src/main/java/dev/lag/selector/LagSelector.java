package dev.lag.selector;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.policy.SelectionPolicy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landscape-aware growing (Karp et al., 2024): grow the model with every candidate, train each for
 * a short lag, score, rank, and pick. How long the lag is, and which candidates keep training, is
 * the policy's decision ({@link FixedLag} is the paper's rule). Each candidate can train from
 * several data orders (seed replicas): its score is their mean, and their spread is the noise the
 * ranking reports.
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
  private final int replicas;
  private final Prior prior;
  private final BankCalibration calibration;

  private LagSelector(Builder b) {
    this.trainer = b.trainer;
    this.policy = b.policy;
    this.scorer = b.scorer;
    this.finalStep = b.finalStep;
    this.replicas = b.replicas;
    this.prior = b.prior;
    this.calibration = b.calibration;
  }

  /** A builder: {@code setTrainer} is required, the rest optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Picks a candidate from the pool; see the class comment for the algorithm. */
  public Selection choose(Pool pool) {
    SelectionSession session =
        new SelectionSession(
            SelectionSession.specs(pool), policy, scorer, finalStep, replicas, prior, calibration);

    // Grow every candidate and train each for the lag: the policy says how far, from the history.
    Decision decision = session.decision();
    while (decision instanceof Decision.Train train) {
      trainer.trainAll(
          windows(pool, session, train),
          (w, point) -> session.report(w.candidate().name(), w.replica(), point));
      decision = session.decision();
    }

    // Never pick on nothing: a scorer that finds nothing to score is the user's to fix.
    if (decision instanceof Decision.Missing missing) {
      throw nothingToScore(missing);
    }

    // The policy picked: every candidate was scored at the lag and ranked with its uncertainty, the
    // prior broke any tie among the leaders, and a bank (where given) said how sure the pick is.
    return session.selection().orElseThrow();
  }

  /** Every replica of every candidate the decision sends on, from where it stopped. */
  private List<CandidateTrainer.Window> windows(
      Pool pool, SelectionSession session, Decision.Train train) {
    List<Integer> probes = scorer.cooldownSteps() > 0 ? List.of(scorer.cooldownSteps()) : List.of();
    List<CandidateTrainer.Window> windows = new ArrayList<>();
    train
        .until()
        .forEach(
            (name, until) -> {
              for (int r = 0; r < replicas; r++) {
                long from = Math.max(0, session.reached(name, r));
                LOG.info("training {} (replica {}) from {} to {}", name, r, from, until);
                // No cooldown probe at growth: it is not free (20 steps per candidate, say), no
                // bank study took one there to weigh it by, and the policies count none there.
                windows.add(
                    new CandidateTrainer.Window(
                        pool.get(name), r, from, until, until > 0 ? probes : List.of()));
              }
            });
    return windows;
  }

  private InvalidInputException nothingToScore(Decision.Missing missing) {
    String fix =
        scorer.name().equals(Evidence.ANNEAL)
            ? " (the annealing law fits at least two evaluations after growth: evaluate at least"
                + " twice within the lag, or score by another scorer, e.g. last)"
            : scorer.cooldownSteps() > 0 && missing.step() == 0
                ? " (" + Policies.NO_PROBE_AT_GROWTH + ")"
                : " (an eval loss, say); evaluate within the lag, or score by another metric";
    return InvalidInputException.field(
        "scorer " + scorer.name(),
        missing.unscored(),
        "nothing to score at or before step "
            + missing.step()
            + ": these candidates logged too little of what the scorer reads there"
            + fix);
  }

  /** Builds a {@link LagSelector}. */
  public static final class Builder {
    private CandidateTrainer trainer;
    private SelectionPolicy policy = new FixedLag(50);
    private Scorer scorer = new LastValueScorer(Metric.EVAL_LOSS);
    private long finalStep = 1000;
    private int replicas = 1;
    private Prior prior = Prior.DEFAULT;
    private BankCalibration calibration;

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

    /**
     * Seed replicas per candidate (default 1): each trains from its own data order, and their
     * spread is the noise a ranking is measured against. Every replica's steps are selection
     * compute.
     */
    public Builder optReplicas(int replicas) {
      SelectionSession.checkReplicas(replicas); // at configuration, before anything trains
      this.replicas = replicas;
      return this;
    }

    /** What breaks a tie among the leaders (default {@link Prior#DEFAULT}). */
    public Builder optPrior(Prior prior) {
      this.prior = prior;
      return this;
    }

    /**
     * Earlier studies to calibrate the pick's confidence against (fitted with this selector's
     * scorer): the selection then reports each candidate's P(best) and P(within one seed-noise SD
     * of the best) (default: none, and the selection says so).
     */
    public Builder optCalibration(BankCalibration calibration) {
      this.calibration = calibration;
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
