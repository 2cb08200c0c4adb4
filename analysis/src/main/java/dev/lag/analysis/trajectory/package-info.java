/**
 * A run as data: points (step, tokens, FLOPs, losses), trajectories with the alignment rule, and
 * the metrics a score can read. The base of every other analysis package; depends on nothing of lag
 * but the exception type.
 */
package dev.lag.analysis.trajectory;
