/**
 * Selection for loops that push their losses (Optuna-style trials): report after each step, ask
 * what to do next ({@link dev.lag.selector.push.Advice}). Engine-free; the DJL listener lives in
 * {@code dev.lag.selector.runners.djl}.
 */
package dev.lag.selector.push;
