/**
 * A random-forest {@link dev.lag.analysis.learn.Regressor} backed by Smile. Smile is GPL-3.0, so
 * this package is its own artifact ({@code lag-analysis-smile}, GPL-3.0) that only the CLI pulls
 * in. It may depend on {@code dev.lag.analysis} and Smile, nothing else of lag.
 */
package dev.lag.analysis.smile;
