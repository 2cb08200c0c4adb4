/**
 * AdamW on named tensors (its moments addressable by name, so growth can copy them) and the
 * learning-rate schedules.
 */
package dev.lag.trainer.optim;
