package dev.lag.strategies;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed growth spec: an operator name and its {@code key=value} arguments, as written in configs
 * and on the command line: {@code stack-top}, {@code midas(b=2, optimizer=copy, noise=0.01)}.
 *
 * @param name the operator's registered name
 * @param arguments operator parameters and modifiers, in the order written
 */
public record GrowthSpec(String name, Map<String, String> arguments) {
  private static final Pattern SPEC =
      Pattern.compile("\\s*([a-z][a-z0-9-]*)\\s*(?:\\((.*)\\))?\\s*");

  /** Parses a spec; a malformed one is an error that shows the expected form. */
  public static GrowthSpec parse(String text) {
    Matcher m = SPEC.matcher(text == null ? "" : text);
    if (text == null || !m.matches()) {
      throw new GrowthException(
          "growth spec '"
              + text
              + "': expected NAME or NAME(key=value, ...), e.g. midas(b=2, optimizer=copy)");
    }
    Map<String, String> args = new LinkedHashMap<>();
    String inner = m.group(2);
    if (inner != null && !inner.isBlank()) {
      for (String part : inner.split(",")) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new GrowthException(
              "growth spec '" + text + "': '" + part.trim() + "' is not key=value");
        }
        String key = part.substring(0, eq).trim();
        if (args.put(key, part.substring(eq + 1).trim()) != null) {
          throw new GrowthException("growth spec '" + text + "': " + key + " given twice");
        }
      }
    }
    return new GrowthSpec(m.group(1), args);
  }

  /** The spec written back in its canonical form. */
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
