/**
 * Scorers: pure functions from what a run logged up to lag k to a prediction of its final loss,
 * with the uncertainty each can state. Depends on the trajectory, learn and stats packages.
 */
package dev.lag.analysis.scoring;
