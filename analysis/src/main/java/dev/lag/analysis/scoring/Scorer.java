package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Trajectory;

/**
 * Turns what a candidate logged up to step k into a prediction of its final loss. Implementations
 * are pure functions of the trajectory: all state lives in the history.
 */
public interface Scorer {
  /** A stable name used in configs, the CLI and result files. */
  String name();

  /**
   * Predicts the loss at {@code finalStep} from the points logged at or before {@code k}.
   *
   * @param trajectory the candidate's log (points after k must be ignored)
   * @param k the lag: the last step the scorer may look at
   * @param finalStep the step whose loss is predicted
   */
  Prediction predict(Trajectory trajectory, long k, long finalStep);

  /**
   * The cooldown probe this scorer reads, in steps: a trainer takes one of that length at the end
   * of every window; 0 (most scorers) for none.
   */
  default int cooldownSteps() {
    return 0;
  }
}
