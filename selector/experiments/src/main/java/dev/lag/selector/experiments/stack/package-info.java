/**
 * Adaptive gradual stacking with LAG and its baselines on the same budget (from scratch, fixed
 * operators, RaPTr), and stack.json. Depends on the core and the runners; never on the CLI.
 */
package dev.lag.selector.experiments.stack;
