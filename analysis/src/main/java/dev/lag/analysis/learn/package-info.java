/**
 * Regressions behind the learned scorer: the {@link dev.lag.analysis.learn.Regressor} interface and
 * least squares (Commons Math). A random forest lives in {@code lag-analysis-smile}; nothing here
 * may name Smile.
 */
package dev.lag.analysis.learn;
