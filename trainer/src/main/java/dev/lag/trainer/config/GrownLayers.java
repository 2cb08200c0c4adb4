package dev.lag.trainer.config;

import dev.lag.analysis.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The {@code grownLayers} key: the layers a growth added, written {@code 2,3}. A growth operator
 * writes it into the grown model's config; {@code freeze} and {@code ramp} read it.
 */
public final class GrownLayers {
  private GrownLayers() {}

  /** The layer indices, in the order given; an empty or blank value is none. */
  public static int[] parse(String text) {
    if (text == null || text.isBlank()) {
      return new int[0];
    }
    String[] parts = text.split(",");
    int[] layers = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        layers[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw InvalidInputException.field(
            "grownLayers", text, "expected layer indices separated by commas, as 2,3");
      }
      if (layers[i] < 0) {
        throw InvalidInputException.field("grownLayers", text, "layer indices must be >= 0");
      }
    }
    return layers;
  }

  /** The value of the key for these layers. */
  public static String format(int[] layers) {
    return Arrays.stream(layers).mapToObj(String::valueOf).collect(Collectors.joining(","));
  }

  /** Checks that every index names a layer of a model of {@code depth} layers. */
  static void check(String text, int depth) {
    for (int layer : parse(text)) {
      if (layer >= depth) {
        throw InvalidInputException.field(
            "grownLayers",
            text,
            "names layer " + layer + ", the model has layers 0.." + (depth - 1));
      }
    }
  }
}
