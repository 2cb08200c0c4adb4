package dev.lag.analysis.spec;

import dev.lag.analysis.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name with {@code key=value} arguments (a value may be a bracketed list, {@code map(layers=[0,
 * 1, 1, 0])}), the one syntax of every pluggable part a config names: growth operators ({@code
 * midas(b=2, optimizer=copy)}), policies ({@code fixed-lag(k=50)}), scorers ({@code
 * cooldown(c=20)}). Only the syntax lives here; what a name and its keys mean is up to the registry
 * that reads it.
 *
 * @param name the name, lower case with digits and dashes
 * @param arguments the arguments, in the order written
 */
public record Spec(String name, Map<String, String> arguments) {
  private static final Pattern SPEC =
      Pattern.compile("\\s*([a-z][a-z0-9-]*)\\s*(?:\\((.*)\\))?\\s*");

  /** Arguments are kept in the order written and cannot be changed. */
  public Spec {
    arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /**
   * Parses {@code NAME} or {@code NAME(key=value, ...)}.
   *
   * @param what what the text is, for the message: {@code growth spec}, {@code policy}
   * @param text the text
   * @param example a well-formed example, for the message
   * @throws InvalidInputException naming the text and the expected form
   */
  public static Spec parse(String what, String text, String example) {
    Matcher m = SPEC.matcher(text == null ? "" : text);
    if (text == null || !m.matches()) {
      throw new InvalidInputException(
          what + " '" + text + "': expected NAME or NAME(key=value, ...), e.g. " + example);
    }
    Map<String, String> args = new LinkedHashMap<>();
    String inner = m.group(2);
    if (inner != null && !inner.isBlank()) {
      for (String part : splitTopLevel(inner)) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new InvalidInputException(
              what + " '" + text + "': '" + part.trim() + "' is not key=value");
        }
        String key = part.substring(0, eq).trim();
        if (args.put(key, part.substring(eq + 1).trim()) != null) {
          throw new InvalidInputException(what + " '" + text + "': " + key + " given twice");
        }
      }
    }
    return new Spec(m.group(1), args);
  }

  /** Splits at the commas outside brackets, so that a value can be a list: {@code [0, 1, 1, 0]}. */
  private static java.util.List<String> splitTopLevel(String inner) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(inner.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(inner.substring(start));
    return parts;
  }

  /** The spec written back in its canonical form: {@code midas(b=2, optimizer=copy)}. */
  @Override
  public String toString() {
    if (arguments.isEmpty()) {
      return name;
    }
    StringBuilder s = new StringBuilder(name).append('(');
    arguments.forEach(
        (k, v) ->
            s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ").append(k).append('=').append(v));
    return s.append(')').toString();
  }
}
