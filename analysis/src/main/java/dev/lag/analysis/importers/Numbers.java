package dev.lag.analysis.importers;

import dev.lag.analysis.InvalidInputException;
import java.nio.file.Path;

/** Parses the numbers of a log, naming the file, line and column on failure. */
final class Numbers {
  private Numbers() {}

  /** A number; empty means absent (NaN); {@code nan}, {@code inf} are non-finite values. */
  static double parse(String text, Path file, long line, String column) {
    if (text == null || text.isBlank()) {
      return Double.NaN;
    }
    String t = text.trim();
    switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          file + " line " + line + ": " + column + "=" + text + " is not a number");
    }
  }

  /** A step: a non-negative whole number. */
  static long step(String text, Path file, long line) {
    double v = parse(text, file, line, "step");
    if (!Double.isFinite(v) || v < 0 || v != Math.rint(v)) {
      throw new InvalidInputException(
          file + " line " + line + ": step=" + text + " is not a non-negative whole number");
    }
    return (long) v;
  }
}
