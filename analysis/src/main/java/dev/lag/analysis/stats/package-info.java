/**
 * Rank statistics with exact and asymptotic p-values, seeded bootstrap intervals, proportions with
 * Wilson intervals. Depends on Commons Math only.
 */
package dev.lag.analysis.stats;
