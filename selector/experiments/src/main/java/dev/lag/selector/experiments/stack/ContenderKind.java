package dev.lag.selector.experiments.stack;

import java.util.Locale;

/** What schedule a contender of an adaptive stacking run is. */
public enum ContenderKind {
  /** Adaptive gradual stacking: LAG picks the operator at every boundary. */
  LAG,
  /** The last depth trained from scratch on the whole budget: the reference for savings. */
  SCRATCH,
  /** Random path training of the last depth, path lengths following the depth schedule. */
  RAPTR,
  /** Gradual stacking with one operator at every boundary ({@code fixed:OP}). */
  FIXED;

  /** How stack.json writes it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
