/**
 * Studies: every candidate of a growth point trained to the end of its stage, then the lag curve.
 * Depends on the core and the runners; never on the CLI.
 */
package dev.lag.selector.experiments.study;
