/**
 * Growth operators, one per class, and their registry: each maps a trained snapshot (parameters and
 * AdamW moments by name) to a grown one, in host memory. Depends on the trainer's snapshot and
 * config types; never on the selector.
 */
package dev.lag.strategies;
