package dev.lag.analysis.trajectory;

import dev.lag.analysis.InvalidInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a score is computed from: a loss, the reasoning-primitive error rate, or a weighted mix.
 * Every metric is lower-is-better, so scorers, rankings and lag curves treat them alike: the
 * primitives enter as the error rate {@code 1 - accuracy}.
 *
 * @param label how configs and records write it: {@code train}, {@code eval}, {@code primitives} or
 *     {@code mix(w)}
 * @param trainWeight weight of the training loss
 * @param evalWeight weight of the held-out loss
 * @param primitivesWeight weight of the primitive error rate
 */
public record Metric(String label, double trainWeight, double evalWeight, double primitivesWeight) {
  /** The loss on the training batches. */
  public static final Metric TRAIN_LOSS = new Metric("train", 1, 0, 0);

  /** The held-out loss. */
  public static final Metric EVAL_LOSS = new Metric("eval", 0, 1, 0);

  /** The reasoning-primitive error rate, {@code 1 - accuracy}. */
  public static final Metric PRIMITIVES = new Metric("primitives", 0, 0, 1);

  private static final Pattern MIX = Pattern.compile("mix\\((?:w=)?([^)]+)\\)");

  /**
   * {@code (1 - w) * eval loss + w * primitive error rate}: a user who cares about both says how
   * much. The two are on different scales (a loss of a few nats, an error rate in [0, 1]), so w is
   * a trade of units, not a share; w = 0 is the eval loss, w = 1 the primitives.
   */
  public static Metric mix(double w) {
    if (!(w >= 0 && w <= 1)) {
      throw InvalidInputException.field("mix weight w", w, "must be in [0, 1]");
    }
    return new Metric("mix(" + w + ")", 0, 1 - w, w);
  }

  /** The metric's value at a point; NaN when a component it weighs was not measured there. */
  public double of(Point p) {
    double v = 0;
    if (trainWeight != 0) {
      v += trainWeight * p.trainLoss();
    }
    if (evalWeight != 0) {
      v += evalWeight * p.evalLoss();
    }
    if (primitivesWeight != 0) {
      v += primitivesWeight * (1 - p.primitives());
    }
    return v;
  }

  /** What it is, for people: {@code eval loss}, {@code primitive error rate}, ... */
  public String describe() {
    if (primitivesWeight == 0) {
      return label + " loss";
    }
    return evalWeight == 0
        ? "primitive error rate"
        : label + " of eval loss and primitive error rate";
  }

  /** Whether it reads the reasoning primitives, which only some runs measure. */
  public boolean needsPrimitives() {
    return primitivesWeight != 0;
  }

  /**
   * Parses {@code train} (also {@code loss}, as other frameworks' logs name it), {@code eval},
   * {@code primitives} or {@code mix(w)}.
   */
  public static Metric parse(String label) {
    String l = label.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher mix = MIX.matcher(l);
    if (mix.matches()) {
      try {
        return mix(Double.parseDouble(mix.group(1)));
      } catch (NumberFormatException e) {
        throw InvalidInputException.field("metric", label, "mix(w) needs a number w in [0, 1]");
      }
    }
    return switch (l) {
      case "train", "trainloss", "train_loss", "loss" -> TRAIN_LOSS;
      case "eval", "evalloss", "eval_loss" -> EVAL_LOSS;
      case "primitives", "reasoning" -> PRIMITIVES;
      default ->
          throw InvalidInputException.field(
              "metric", label, "expected train, eval, primitives or mix(w)");
    };
  }

  @Override
  public String toString() {
    return label;
  }
}
