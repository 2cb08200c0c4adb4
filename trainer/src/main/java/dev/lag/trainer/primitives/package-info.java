/**
 * The MIDAS reasoning primitives: prompts generated from a seed, greedy decoding, exact-match
 * accuracy with Wilson intervals.
 */
package dev.lag.trainer.primitives;
