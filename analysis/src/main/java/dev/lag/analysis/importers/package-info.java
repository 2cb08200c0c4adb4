/**
 * Reads training logs as trajectories: lag run directories and metrics.jsonl, Hugging Face
 * trainer_state.json, Lightning metrics.csv, plain CSV and JSONL. Depends on {@code
 * dev.lag.analysis.trajectory} and Jackson/Commons CSV; never on an engine.
 */
package dev.lag.analysis.importers;
