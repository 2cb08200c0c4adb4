/**
 * Reads run records (train, select, study, stack, serve) and other frameworks' logs into the report
 * model; what it cannot read it lists as skipped. Depends on {@code lag-analysis} only.
 */
package dev.lag.reports.read;
