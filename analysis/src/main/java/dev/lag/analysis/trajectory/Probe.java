package dev.lag.analysis.trajectory;

/**
 * A cooldown probe taken at a step: a fork of the candidate whose learning rate decays linearly to
 * 0 over {@code steps} steps (on batches every candidate shares), then evaluated and thrown away.
 * At a high learning rate the loss carries the oscillation across the valley; a cooldown shows the
 * progress underneath (Hagele et al. 2024). Its FLOPs are selection overhead.
 *
 * @param steps the cooldown's length in steps
 * @param evalLoss the fork's held-out loss after the cooldown
 * @param evalBatches the fork's per-batch held-out losses (NONE when not recorded)
 * @param flops the FLOPs the cooldown spent
 */
public record Probe(int steps, double evalLoss, BatchLosses evalBatches, double flops) {
  /** Checks the fields. */
  public Probe {
    if (steps < 1) {
      throw new IllegalArgumentException("a cooldown probe needs at least one step: " + steps);
    }
    evalBatches = evalBatches == null ? BatchLosses.NONE : evalBatches;
  }
}
