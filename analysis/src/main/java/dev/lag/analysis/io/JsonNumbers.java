package dev.lag.analysis.io;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Numbers in lag's JSON records: NaN and infinities are written as null, never as invalid JSON. */
public final class JsonNumbers {
  private JsonNumbers() {}

  /** Adds {@code value} to an array, or null when it is not finite. */
  public static void add(com.fasterxml.jackson.databind.node.ArrayNode array, double value) {
    if (Double.isFinite(value)) {
      array.add(value);
    } else {
      array.addNull();
    }
  }

  /** Puts {@code value}, or null when it is not finite. */
  public static void put(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
