package dev.lag.analysis.scoring;

import dev.lag.analysis.trajectory.Probe;
import dev.lag.analysis.trajectory.Trajectory;

/**
 * {@code cooldown(c)}: the held-out loss of a cooldown probe taken at the lag (a fork of the
 * candidate whose learning rate decayed linearly to 0 over c steps, then evaluated; see {@link
 * Probe}). At a high learning rate the loss rides the oscillation across the valley; the cooldown
 * shows the progress underneath, as decaying from an intermediate checkpoint is known to match a
 * fully decayed run (Hagele et al. 2024). Whether a cooldown of a few steps ranks growth operators
 * better than the raw loss is an empirical question: lag's selection benchmark measures it. Its
 * evidence is the probe's per-batch losses. The trainer must take the probes: {@link
 * #cooldownSteps} tells it how long.
 *
 * @param steps c, the length of the cooldown in steps
 */
public record CooldownScorer(int steps) implements Scorer {
  /** Checks c. */
  public CooldownScorer {
    if (steps < 1) {
      throw dev.lag.analysis.InvalidInputException.field(
          "cooldown(c)", steps, "c must be at least 1 step");
    }
  }

  @Override
  public String name() {
    return "cooldown(" + steps + ")";
  }

  @Override
  public int cooldownSteps() {
    return steps;
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    Probe p = t.diverged() ? null : t.probeAt(k, steps);
    if (p == null || !Double.isFinite(p.evalLoss())) {
      return Prediction.NONE;
    }
    return Prediction.withEvidence(p.evalLoss(), Double.NaN, p.evalBatches());
  }
}
