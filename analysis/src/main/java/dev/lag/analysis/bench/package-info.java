/**
 * The analysis benchmark: the lag curve on a large synthetic pool. Figures are printed, never
 * asserted. Depends only on the rest of {@code dev.lag.analysis}.
 */
package dev.lag.analysis.bench;
