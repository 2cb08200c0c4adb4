/** A training run written to a run directory: run.json, metrics.jsonl, checkpoints, resume. */
package dev.lag.trainer.record;
