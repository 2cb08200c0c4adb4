package dev.lag.selector.policy;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.spec.Spec;
import java.util.List;
import java.util.Map;

/**
 * Policies by spec: {@code fixed-lag(k=50)}, {@code successive-halving(r=20, eta=2)}, {@code
 * stable-ranking(step=10, window=3, maxLag=200)}.
 */
public final class Policies {
  /** The policy names. */
  public static final List<String> NAMES =
      List.of("fixed-lag", "successive-halving", "stable-ranking");

  private Policies() {}

  /** Parses a policy spec; errors name the policy and the argument. */
  public static SelectionPolicy parse(String text) {
    Spec spec = Spec.parse("policy", text, "fixed-lag(k=50)");
    Map<String, String> a = spec.arguments();
    return switch (spec.name()) {
      case "fixed-lag" -> {
        only(text, a, List.of("k"));
        yield new FixedLag(number(text, a, "k", 50));
      }
      case "successive-halving" -> {
        only(text, a, List.of("r", "eta"));
        yield new SuccessiveHalving(number(text, a, "r", 20), (int) number(text, a, "eta", 2));
      }
      case "stable-ranking" -> {
        only(text, a, List.of("step", "window", "maxLag"));
        yield new StableRanking(
            number(text, a, "step", 10),
            (int) number(text, a, "window", 3),
            number(text, a, "maxLag", 200));
      }
      default ->
          throw InvalidInputException.field(
              "policy", spec.name(), "unknown; known: " + String.join(", ", NAMES));
    };
  }

  private static void only(String text, Map<String, String> args, List<String> allowed) {
    for (String key : args.keySet()) {
      if (!allowed.contains(key)) {
        throw InvalidInputException.field(
            "policy", text, "unknown argument '" + key + "'; accepts " + allowed);
      }
    }
  }

  private static long number(String text, Map<String, String> args, String key, long fallback) {
    String v = args.get(key);
    try {
      return v == null ? fallback : Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("policy " + text + " " + key, v, "not a whole number");
    }
  }
}
