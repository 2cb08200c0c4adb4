package dev.lag.strategies;

import dev.lag.analysis.InvalidInputException;

/** A growth that cannot be done: a bad spec, or a depth an operator cannot reach. */
public final class GrowthException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** An error shown to the user as is. */
  public GrowthException(String message) {
    super(message);
  }
}
