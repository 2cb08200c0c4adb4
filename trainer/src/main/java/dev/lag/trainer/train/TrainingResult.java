package dev.lag.trainer.train;

import dev.lag.analysis.io.RunStatus;

/**
 * How a call of {@link TrainingLoop#run} ended.
 *
 * @param status completed, diverged, stopped or interrupted
 * @param lastStep the last step completed (for a divergence: the step whose loss was not finite)
 * @param lastTrainLoss the last finite training loss, or NaN
 * @param lastEvalLoss the last held-out loss, or NaN when never evaluated
 * @param message a human-readable reason for a divergence or a stop, else empty
 */
public record TrainingResult(
    RunStatus status, long lastStep, double lastTrainLoss, double lastEvalLoss, String message) {}
