/**
 * Measurements of the training step and the matmul peak that the step benchmark prints. Figures,
 * never assertions.
 */
package dev.lag.trainer.bench;
