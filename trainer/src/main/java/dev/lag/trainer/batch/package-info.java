/**
 * Batched candidates: the K candidates of a growth point have one shape and see the same batches,
 * so they train as one model whose tensors are stacked along a leading axis ({@link
 * dev.lag.trainer.batch.BatchedGpt}, {@link dev.lag.trainer.batch.BatchedAdamW}, {@link
 * dev.lag.trainer.batch.BatchedTraining}): one batched kernel per layer for all K instead of K
 * small ones.
 */
package dev.lag.trainer.batch;
