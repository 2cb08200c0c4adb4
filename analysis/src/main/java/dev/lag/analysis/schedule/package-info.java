/**
 * Learning-rate schedules as pure functions of the step: the trainer steps by them, and
 * schedule-aware scorers read the same curve to predict where a stage ends.
 */
package dev.lag.analysis.schedule;
