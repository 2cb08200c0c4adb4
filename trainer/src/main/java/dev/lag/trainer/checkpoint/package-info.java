/**
 * Training state in host memory ({@link dev.lag.trainer.checkpoint.Snapshot}) and on disk:
 * checksummed safetensors checkpoints PyTorch can load, written atomically. Depends on the config
 * and model packages.
 */
package dev.lag.trainer.checkpoint;
