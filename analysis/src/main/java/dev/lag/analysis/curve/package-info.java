/**
 * The lag curve: for each lag k, how well the score at k ranks a pool of runs by their final loss
 * (correlations with intervals, top-1, regret, ties), and its JSON schema. Depends on the
 * trajectory, scoring and stats packages only.
 */
package dev.lag.analysis.curve;
