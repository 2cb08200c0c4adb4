package dev.lag.selector.push;

import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;

/**
 * One candidate's handle in a {@link PushSelection}: the loop calls {@link #report} after each step
 * and stops when {@link #shouldStop} says so. Like Optuna's {@code trial.report} and {@code
 * should_prune}, the handle holds no state of its own: everything is in the selection's history.
 */
public final class Trial {
  private final PushSelection selection;
  private final String candidate;
  private final int replica;

  Trial(PushSelection selection, String candidate, int replica) {
    this.selection = selection;
    this.candidate = candidate;
    this.replica = replica;
  }

  /** The candidate's name. */
  public String candidate() {
    return candidate;
  }

  /** Reports the training loss of a step (a NaN or infinite loss marks the run diverged). */
  public void report(long step, double loss) {
    report(step, loss, Double.NaN);
  }

  /** Reports the training and held-out loss of a step; reporting a step again replaces it. */
  public void report(long step, double loss, double evalLoss) {
    double train = Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
    selection.report(candidate, replica, new Point(step, Double.NaN, Double.NaN, train, evalLoss));
  }

  /**
   * Reports the training loss and the held-out loss of each evaluation batch of a step (the same
   * batches for every candidate): the selection then compares candidates batch by batch.
   */
  public void report(long step, double loss, double[] evalBatchLosses) {
    double train = Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY;
    BatchLosses batches = BatchLosses.of(evalBatchLosses);
    selection.report(
        candidate,
        replica,
        new Point(step, Double.NaN, Double.NaN, train, batches.mean()).withEvalBatches(batches));
  }

  /**
   * Whether to stop training this candidate now (a pure query over the recorded history): it lost,
   * the policy dropped it, or it waits at a rung. Never true for the winner, which trains on to the
   * end of its stage, as Optuna never prunes the trial it keeps.
   */
  public boolean shouldStop() {
    return selection.shouldStop(candidate);
  }

  /** Whether the selection is over and this candidate won it. */
  public boolean isWinner() {
    return selection.isWinner(candidate);
  }

  /** The step the policy wants this candidate trained to, or -1 when it should stop. */
  public long trainUntil() {
    return selection.trainUntil(candidate);
  }
}
