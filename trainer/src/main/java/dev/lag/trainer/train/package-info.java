/**
 * The training loop: steps, evaluation, divergence, interruption at a step boundary, FLOP
 * accounting, and the state it trains.
 */
package dev.lag.trainer.train;
