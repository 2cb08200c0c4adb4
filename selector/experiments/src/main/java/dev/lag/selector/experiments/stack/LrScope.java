package dev.lag.selector.experiments.stack;

import dev.lag.analysis.InvalidInputException;
import java.util.Locale;

/** What a stacking run's learning-rate schedule spans. */
public enum LrScope {
  /** Every stage warms up and decays on its own, from its growth to its end (the default). */
  STAGE,
  /**
   * One schedule over the whole run: warm-up once at the start, the decay at the end of the run; a
   * stage takes the rates of its own steps of it, so growth does not restart the question.
   */
  RUN;

  /** How configs write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope a config names, or an error naming {@code lrScope}. */
  public static LrScope parse(String text) {
    for (LrScope s : values()) {
      if (s.label().equals(text)) {
        return s;
      }
    }
    throw InvalidInputException.field("lrScope", text, "must be stage or run");
  }
}
