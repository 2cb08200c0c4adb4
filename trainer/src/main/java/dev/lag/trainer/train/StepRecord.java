package dev.lag.trainer.train;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened at one step; one line of {@code metrics.jsonl}.
 *
 * @param step optimiser steps completed (0: before the first update)
 * @param tokens training tokens consumed so far, across growth stages
 * @param flops training FLOPs spent so far, across growth stages
 * @param trainLoss loss on this step's batch, measured before its update (null at step 0)
 * @param lr learning rate of this step's update (null at step 0)
 * @param gradNorm global gradient norm before clipping (null at step 0)
 * @param wallSeconds seconds of training so far
 * @param evalLoss held-out loss after this step, when evaluated
 * @param primitives mean reasoning-primitive accuracy after this step, when measured
 * @param evalBatchLosses the held-out loss of each evaluation batch, when evaluated: every run of
 *     the same data config is evaluated on the same batches, so runs compare batch by batch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRecord(
    long step,
    long tokens,
    double flops,
    Double trainLoss,
    Double lr,
    Double gradNorm,
    double wallSeconds,
    Double evalLoss,
    Double primitives,
    double[] evalBatchLosses) {}
