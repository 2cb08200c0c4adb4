/**
 * Pure math on loss trajectories: rank statistics, scorers, the lag curve and log importers, plus
 * the record-keeping every module shares (run files, provenance, atomic writes). The root holds the
 * one exception type for user mistakes. Nothing here may depend on another lag module, on DJL, or
 * on GPL code.
 */
package dev.lag.analysis;
