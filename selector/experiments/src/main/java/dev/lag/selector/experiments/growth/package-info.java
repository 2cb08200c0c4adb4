/**
 * A growth point: a trained source, the stage after growth, the grown shape and the candidates,
 * validated as a whole before any training. Depends on the runners (to check specs against the
 * operators).
 */
package dev.lag.selector.experiments.growth;
