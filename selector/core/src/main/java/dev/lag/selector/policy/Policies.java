package dev.lag.selector.policy;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.CalibrationVariant;
import dev.lag.analysis.confidence.LagScale;
import dev.lag.analysis.confidence.ResidualSpread;
import dev.lag.analysis.confidence.StudyWeights;
import dev.lag.analysis.spec.Spec;
import java.util.List;
import java.util.Map;

/**
 * Policies by spec: {@code fixed-lag(k=50)}, {@code successive-halving(r=20, eta=2)}, {@code
 * race(r=20, eta=2, maxLag=160)}, {@code stable-ranking(step=10, window=3, maxLag=200)}, {@code
 * prior}.
 */
public final class Policies {
  /** The policy names. */
  public static final List<String> NAMES =
      List.of("fixed-lag", "successive-halving", "race", "stable-ranking", "prior");

  private Policies() {}

  /**
   * A policy as the spec it describes itself by: what records write, and what {@link #parse} reads
   * back.
   */
  public static Spec spec(SelectionPolicy policy) {
    return Spec.parse("policy", policy.describe(), "fixed-lag(k=50)");
  }

  /**
   * Whether a policy spec names the hedged policy, which {@link #parse} cannot make alone (it is
   * calibrated on a bank: {@link #hedged}).
   */
  public static boolean isHedged(String text) {
    return Spec.parse("policy", text, "fixed-lag(k=50)").name().equals("hedged");
  }

  /** Parses a policy spec; errors name the policy and the argument. */
  public static SelectionPolicy parse(String text) {
    Spec spec = Spec.parse("policy", text, "fixed-lag(k=50)");
    Map<String, String> a = spec.arguments();
    return switch (spec.name()) {
      case "fixed-lag" -> {
        only(text, a, List.of("k"));
        // k=0 is a lag too: every candidate evaluated at growth, nothing trained.
        yield new FixedLag(number(text, a, "k", 50, 0, MAX_STEP));
      }
      case "successive-halving" -> {
        only(text, a, List.of("r", "eta"));
        yield new SuccessiveHalving(steps(text, a, "r", 20), eta(text, a));
      }
      case "race" -> {
        only(text, a, List.of("r", "eta", "maxLag"));
        long r = steps(text, a, "r", 20);
        int eta = eta(text, a);
        long cubed = SuccessiveHalving.saturatedTimes(r, (long) eta * eta * eta);
        yield new Race(r, eta, steps(text, a, "maxLag", Math.min(cubed, MAX_STEP)));
      }
      case "prior" -> {
        only(text, a, List.of());
        yield new PriorChoice();
      }
      case "stable-ranking" -> {
        only(text, a, List.of("step", "window", "maxLag"));
        yield new StableRanking(
            steps(text, a, "step", 10),
            (int) number(text, a, "window", 3, 1, 1000),
            steps(text, a, "maxLag", 200));
      }
      case "hedged" ->
          throw InvalidInputException.field(
              "policy",
              text,
              "hedged is calibrated on a bank of earlier studies: lag select --bank DIR takes it");
      default ->
          throw InvalidInputException.field(
              "policy", spec.name(), "unknown; known: " + String.join(", ", NAMES));
    };
  }

  /**
   * A {@code hedged(r=20, confidence=0.8, keep=0.05, budget=0.3, lookAhead=false, lags=steps,
   * weigh=equal, spread=pooled)} policy (every argument optional, these the defaults), calibrated
   * on a bank: it cannot be parsed from text alone. {@code lags=fraction} reads the bank's studies
   * at the same share of their stage as the lag is of this one ({@link
   * dev.lag.analysis.confidence.LagScale}); {@code weigh=regime} counts each study by how near its
   * stage length and schedule are to this stage's ({@link
   * dev.lag.analysis.confidence.StudyWeights}); {@code spread=regime} measures the claims' spread
   * on the studies of this stage's regime ({@link dev.lag.analysis.confidence.ResidualSpread}).
   *
   * @param spec the parsed spec
   * @param calibration the bank's model, fitted with the selection's scorer
   * @param specs each candidate's growth spec
   */
  public static Hedged hedged(
      Spec spec,
      dev.lag.analysis.confidence.BankCalibration calibration,
      Map<String, String> specs) {
    String text = spec.toString();
    Map<String, String> a = spec.arguments();
    only(
        text,
        a,
        List.of("r", "confidence", "keep", "budget", "lookAhead", "lags", "weigh", "spread"));
    LagScale scale =
        a.containsKey("lags")
            ? LagScale.parse("policy " + text + " lags", a.get("lags"))
            : LagScale.STEPS;
    StudyWeights weigh =
        a.containsKey("weigh")
            ? StudyWeights.parse("policy " + text + " weigh", a.get("weigh"))
            : StudyWeights.EQUAL;
    ResidualSpread spread =
        a.containsKey("spread")
            ? ResidualSpread.parse("policy " + text + " spread", a.get("spread"))
            : ResidualSpread.POOLED;
    return new Hedged(
        calibration.with(new CalibrationVariant(scale, weigh, spread)),
        specs,
        steps(text, a, "r", 20),
        share(text, a, "confidence", 0.8),
        share(text, a, "keep", 0.05),
        share(text, a, "budget", 0.3),
        flag(text, a, "lookAhead", false));
  }

  private static boolean flag(String text, Map<String, String> args, String key, boolean fallback) {
    String v = args.get(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.trim()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw InvalidInputException.field("policy " + text + " " + key, v, "not true or false");
    };
  }

  private static double share(String text, Map<String, String> args, String key, double fallback) {
    String v = args.get(key);
    double d;
    try {
      d = v == null ? fallback : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("policy " + text + " " + key, v, "not a number");
    }
    if (!(d >= 0 && d <= 100)) {
      throw InvalidInputException.field("policy " + text + " " + key, v, "must be 0 .. 100");
    }
    return d;
  }

  /**
   * Fails unless the policy's longest lag, and a cooldown probe after it, fit in the stage.
   *
   * @param candidates the pool's size
   * @param steps the stage's length
   * @param cooldown the scorer's cooldown probe length (0: none)
   * @param scorer the scorer as written, for the message
   */
  public static void checkFits(
      SelectionPolicy policy, int candidates, long steps, int cooldown, String scorer) {
    long lag = policy.longestLag(candidates);
    if (lag > steps) {
      throw InvalidInputException.field(
          "policy",
          policy.describe(),
          "its longest lag (" + lag + " steps) is longer than the stage (steps=" + steps + ")");
    }
    if (cooldown > 0 && lag == 0) {
      // No probe is taken at growth; a policy whose rungs are its own (hedged) takes one only
      // where it fits the stage, and one that picks at growth without a rung has nothing to read.
      if (policy instanceof FixedLag) {
        throw InvalidInputException.field("scorer", scorer, NO_PROBE_AT_GROWTH);
      }
      return;
    }
    if (cooldown > steps - lag) {
      throw InvalidInputException.field(
          "scorer",
          scorer,
          "a cooldown of "
              + cooldown
              + " steps after a lag of up to "
              + lag
              + " runs past the stage (steps="
              + steps
              + "); at most "
              + (steps - lag));
    }
  }

  private static void only(String text, Map<String, String> args, List<String> allowed) {
    for (String key : args.keySet()) {
      if (!allowed.contains(key)) {
        throw InvalidInputException.field(
            "policy", text, "unknown argument '" + key + "'; accepts " + allowed);
      }
    }
  }

  /** Why a cooldown scorer has nothing to read at lag 0: no probe is taken at growth. */
  public static final String NO_PROBE_AT_GROWTH =
      "a cooldown probe is taken at the lag, never at growth: give a lag after growth, or score by"
          + " another scorer, e.g. last";

  /** The largest step a lag may name: what a JSON number (and a double) holds exactly. */
  public static final long MAX_STEP = 1L << 53;

  /** A number of steps: 1 .. 2^53 (a lag past the stage is caught by {@link #checkFits}). */
  private static long steps(String text, Map<String, String> args, String key, long fallback) {
    return number(text, args, key, fallback, 1, MAX_STEP);
  }

  /** Halving's factor: 2 .. 64 (a larger one keeps one candidate of 64 at the first rung). */
  private static int eta(String text, Map<String, String> args) {
    return (int) number(text, args, "eta", 2, 2, 64);
  }

  private static long number(
      String text, Map<String, String> args, String key, long fallback, long min, long max) {
    String v = args.get(key);
    long n;
    try {
      n = v == null ? fallback : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("policy " + text + " " + key, v, "not a whole number");
    }
    if (n < min || n > max) {
      throw InvalidInputException.field(
          "policy " + text + " " + key, v, "must be " + min + " .. " + max);
    }
    return n;
  }
}
