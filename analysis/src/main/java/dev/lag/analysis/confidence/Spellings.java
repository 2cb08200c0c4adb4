package dev.lag.analysis.confidence;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the calibration's option enums are spelled in a spec: their names in lower case. */
final class Spellings {
  private Spellings() {}

  /** The constant's spelling. */
  static String of(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant spelled {@code text} (surrounding blanks ignored).
   *
   * @throws dev.lag.analysis.InvalidInputException naming {@code field} and every spelling
   */
  static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
    for (E e : type.getEnumConstants()) {
      if (of(e).equals(text.trim())) {
        return e;
      }
    }
    String known =
        Arrays.stream(type.getEnumConstants())
            .map(Spellings::of)
            .collect(Collectors.joining(" or "));
    throw dev.lag.analysis.InvalidInputException.field(field, text, known);
  }
}
