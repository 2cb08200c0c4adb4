package dev.lag.analysis.schedule;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.spec.Spec;
import java.util.Locale;
import java.util.Map;

/**
 * What a schedule does after its warm-up, as a config names it: {@code cosine}, {@code linear},
 * {@code constant}, or {@code wsd(decay=F)} (warm-up, stable, decay: the peak rate until the last
 * fraction F of the run, then a decay to the floor; Hagele et al. 2024), optionally {@code
 * wsd(decay=F, shape=sqrt)} for the 1-sqrt decay that paper found better than linear.
 *
 * <p>Any of them may also say where the run being trained sits in a longer one, {@code
 * wsd(decay=0.2, from=800, of=2400)}: a stage of a stacking run whose schedule spans the whole run
 * ({@code lrScope: run}) takes the rates of steps 800 onwards of a 2400-step schedule, with no
 * warm-up of its own.
 *
 * @param kind the family
 * @param fraction for WSD, the share of the run that decays, in (0, 1]; 1 for the others
 * @param sqrt for WSD, a 1-sqrt decay instead of a linear one
 * @param from the first step of this run within the longer schedule (0 when it is the whole run)
 * @param of the longer schedule's length in steps (0: this run is the whole schedule)
 */
public record Decay(Kind kind, double fraction, boolean sqrt, int from, int of) {
  /** The families of decay. */
  public enum Kind {
    /** Half a cosine from the peak to the floor over the whole run after warm-up. */
    COSINE,
    /** A straight line from the peak to the floor over the whole run after warm-up. */
    LINEAR,
    /** The peak to the end. */
    CONSTANT,
    /** The peak, then a decay to the floor over the last fraction of the run. */
    WSD
  }

  /** The forms {@link #parse} accepts, for messages. */
  public static final String FORMS = "cosine, linear, constant, wsd(decay=F[, shape=linear|sqrt])";

  /** A WSD fraction outside (0, 1] is refused. */
  public Decay {
    if (kind == Kind.WSD && !(fraction > 0 && fraction <= 1)) {
      throw InvalidInputException.field("decay", fraction, "must be in (0, 1]");
    }
    if (from < 0 || of < 0 || (of == 0 && from > 0) || (of > 0 && from >= of)) {
      throw InvalidInputException.field(
          "schedule", "from=" + from + ", of=" + of, "needs 0 <= from < of");
    }
  }

  /**
   * The same decay for a run that starts at step {@code from} of a schedule of {@code of} steps.
   */
  public Decay within(int from, int of) {
    return new Decay(kind, fraction, sqrt, from, of);
  }

  /**
   * Parses a schedule as a config names it.
   *
   * @throws InvalidInputException naming {@code schedule} and the text
   */
  public static Decay parse(String text) {
    Spec spec = Spec.parse("schedule", text, "wsd(decay=0.2)");
    Map<String, String> args = new java.util.LinkedHashMap<>(spec.arguments());
    int from = whole(text, args.remove("from"), "from");
    int of = whole(text, args.remove("of"), "of");
    Kind kind =
        switch (spec.name()) {
          case "cosine" -> Kind.COSINE;
          case "linear" -> Kind.LINEAR;
          case "constant" -> Kind.CONSTANT;
          case "wsd" -> Kind.WSD;
          default -> throw InvalidInputException.field("schedule", text, "must be one of " + FORMS);
        };
    if (kind != Kind.WSD) {
      if (!args.isEmpty()) {
        throw InvalidInputException.field(
            "schedule", text, spec.name() + " takes only from and of (its place in a longer run)");
      }
      return new Decay(kind, 1, false, from, of);
    }
    for (String key : args.keySet()) {
      if (!key.equals("decay") && !key.equals("shape")) {
        throw InvalidInputException.field(
            "schedule", text, "unknown key '" + key + "'; wsd takes decay, shape, from and of");
      }
    }
    String f = args.get("decay");
    if (f == null) {
      throw InvalidInputException.field("schedule", text, "wsd needs decay=F, e.g. wsd(decay=0.2)");
    }
    double fraction;
    try {
      fraction = Double.parseDouble(f);
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("schedule", text, "decay must be a number in (0, 1]");
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw InvalidInputException.field("schedule", text, "decay must be in (0, 1]");
    }
    String shape = args.getOrDefault("shape", "linear").toLowerCase(Locale.ROOT);
    if (!shape.equals("linear") && !shape.equals("sqrt")) {
      throw InvalidInputException.field("schedule", text, "shape must be linear or sqrt");
    }
    return new Decay(kind, fraction, shape.equals("sqrt"), from, of);
  }

  private static int whole(String text, String value, String key) {
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("schedule", text, key + " must be a whole number of steps");
    }
  }

  /**
   * Whether 0-based {@code step} (after warm-up) of a run of {@code total} steps is on a plateau.
   */
  boolean atPeak(int step, int total) {
    return kind == Kind.CONSTANT || (kind == Kind.WSD && step < total - decaySteps(total));
  }

  /**
   * How far from the peak toward the floor the rate is at 0-based {@code step} of a run of {@code
   * total} steps whose first {@code warmup} warm up: 1 at the peak, 0 at the floor.
   */
  double remaining(int step, int warmup, int total) {
    return switch (kind) {
      case CONSTANT -> 1;
      case COSINE, LINEAR -> {
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - 1 - warmup));
        // StrictMath: the same learning rate to the bit on every JVM and CPU (Math.cos may differ).
        yield kind == Kind.LINEAR ? 1 - progress : 0.5 * (1 + StrictMath.cos(Math.PI * progress));
      }
      case WSD -> {
        int decaySteps = decaySteps(total);
        int start = total - decaySteps;
        // The first decay step is already below the peak and the last one reaches the floor.
        double progress = Math.min(1.0, (double) (step - start + 1) / decaySteps);
        yield sqrt ? 1 - StrictMath.sqrt(progress) : 1 - progress;
      }
    };
  }

  /** WSD's decay length in a run of {@code total} steps: at least one step. */
  public int decaySteps(int total) {
    return Math.max(1, (int) Math.round(fraction * total));
  }

  @Override
  public String toString() {
    String window = of == 0 ? "" : "from=" + from + ", of=" + of;
    return switch (kind) {
      case WSD ->
          String.format(
              Locale.ROOT,
              "wsd(decay=%s%s%s)",
              fraction,
              sqrt ? ", shape=sqrt" : "",
              window.isEmpty() ? "" : ", " + window);
      default ->
          kind.name().toLowerCase(Locale.ROOT) + (window.isEmpty() ? "" : "(" + window + ")");
    };
  }
}
