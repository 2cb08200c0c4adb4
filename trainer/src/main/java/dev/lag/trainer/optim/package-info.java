/**
 * AdamW on named tensors: its moments are addressable by name, so growth can copy them. The
 * learning-rate schedules it steps by are pure math, in {@code dev.lag.analysis.schedule}.
 */
package dev.lag.trainer.optim;
