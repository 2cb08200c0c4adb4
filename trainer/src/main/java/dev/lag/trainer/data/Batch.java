package dev.lag.trainer.data;

/**
 * One batch of windows in host memory, row-major {@code (batch, seqLen)}.
 *
 * @param inputs token ids
 * @param targets the next token of each input
 * @param batch windows in the batch
 * @param seqLen tokens per window
 */
public record Batch(long[] inputs, long[] targets, int batch, int seqLen) {}
