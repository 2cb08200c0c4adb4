package dev.lag.trainer.config;

import dev.lag.analysis.InvalidInputException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and overrides the components of a config record by name, from strings. This is what lets
 * {@code --set layers=2} and a flat JSON config address every field of every config record without
 * a hand-written table that could drift from the records.
 */
final class FlatRecord {
  private FlatRecord() {}

  /** The record's components as name to value, in declaration order. */
  static Map<String, Object> values(Record record) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      try {
        values.put(c.getName(), c.getAccessor().invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return values;
  }

  /** A copy of {@code record} with the named components parsed from strings. */
  @SuppressWarnings("unchecked")
  static <R extends Record> R with(R record, Map<String, String> overrides) {
    if (overrides.isEmpty()) {
      return record;
    }
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    Map<String, Object> current = values(record);
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      String text = overrides.get(c.getName());
      args[i] = text == null ? current.get(c.getName()) : parse(c.getName(), c.getType(), text);
    }
    try {
      Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
      return (R) canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object parse(String key, Class<?> type, String text) {
    String value = text.trim();
    try {
      if (type == int.class) {
        return Integer.parseInt(value.replace("_", ""));
      } else if (type == long.class) {
        return Long.parseLong(value.replace("_", ""));
      } else if (type == double.class) {
        return Double.parseDouble(value);
      } else if (type == boolean.class) {
        if (value.equals("true") || value.equals("false")) {
          return Boolean.parseBoolean(value);
        }
        throw InvalidInputException.field(key, text, "expected true or false");
      } else if (type == String.class) {
        return value;
      }
    } catch (NumberFormatException e) {
      throw InvalidInputException.field(
          key, text, "expected " + (type == double.class ? "a number" : "an integer"));
    }
    throw new IllegalStateException("unsupported config type " + type + " for " + key);
  }
}
