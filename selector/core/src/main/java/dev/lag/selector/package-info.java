/**
 * Landscape-aware growing without an engine: candidates, pools, {@link
 * dev.lag.selector.LagSelector}, the ranking every front door shares, the selection record. Depends
 * on {@code lag-analysis} only: no DJL, no trainer, no operators (a growth spec is text here).
 */
package dev.lag.selector;
