/**
 * Confidence that means something: how far the evidence at a lag, and a prior, have predicted the
 * final ranking in earlier studies, turned into P(best) and P(within one seed-noise SD of the best)
 * for a new pick.
 */
package dev.lag.analysis.confidence;
