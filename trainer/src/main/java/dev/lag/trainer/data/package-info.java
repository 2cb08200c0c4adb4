/**
 * Text to batches: the embedded corpus, files and folders, tokenizers, the train/validation split
 * and the seeded batch order every candidate shares.
 */
package dev.lag.trainer.data;
