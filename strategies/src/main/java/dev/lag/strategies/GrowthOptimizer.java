package dev.lag.strategies;

import java.util.Locale;

/** What a grown model's AdamW moments start from: {@code optimizer=reset|copy} in a growth spec. */
public enum GrowthOptimizer {
  /** Every moment starts at zero (the default). */
  RESET,
  /** Each copy takes the moments of its source layer (Gong et al.'s option); new layers zero. */
  COPY;

  /**
   * The value a spec names.
   *
   * @throws GrowthException naming {@code optimizer} and the value when it is neither
   */
  public static GrowthOptimizer parse(String text) {
    for (GrowthOptimizer o : values()) {
      if (o.toString().equals(text)) {
        return o;
      }
    }
    throw new GrowthException("optimizer=" + text + ": must be copy or reset");
  }

  /** How a spec writes it. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
