package dev.lag.analysis.trajectory;

import java.util.Locale;

/** Which loss a score is computed from. */
public enum Metric {
  /** The loss on the training batches. */
  TRAIN_LOSS,
  /** The held-out loss. */
  EVAL_LOSS;

  /** {@code train} or {@code eval}. */
  public String label() {
    return this == TRAIN_LOSS ? "train" : "eval";
  }

  /** Parses {@code train} or {@code eval}. */
  public static Metric parse(String label) {
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "train", "trainloss", "train_loss", "loss" -> TRAIN_LOSS;
      case "eval", "evalloss", "eval_loss" -> EVAL_LOSS;
      default ->
          throw new dev.lag.analysis.InvalidInputException(
              "metric=" + label + ": expected train or eval");
    };
  }
}
