package dev.lag.selector.experiments.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack keys of a config, read strictly: a value of the wrong type is an error that names the
 * key, never a default in disguise ({@code "baselines": "no"} is not {@code true}, {@code [1.9,
 * 2.7]} is not {@code [1, 2]}). Values come from the JSON file, then from {@code --set key=value},
 * where a list is written {@code 2,4,6} or {@code [2, 4, 6]}.
 */
final class StackKeys {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, JsonNode> values = new LinkedHashMap<>();

  /** The stack keys of {@code root}, then of the assignments (which override). */
  StackKeys(JsonNode root, Map<String, String> assignments) {
    root.fields()
        .forEachRemaining(
            e -> {
              if (StackConfig.KEYS.contains(e.getKey())) {
                values.put(e.getKey(), e.getValue());
              }
            });
    assignments.forEach((key, text) -> values.put(key, parse(key, text)));
  }

  /** A {@code --set} value as the JSON it stands for: a list, a number, a boolean or a string. */
  private static JsonNode parse(String key, String text) {
    String t = text.trim();
    if (key.equals("depths") || key.equals("pool")) {
      if (t.startsWith("[")) {
        try {
          return JSON.readTree(t);
        } catch (java.io.IOException e) {
          throw InvalidInputException.field(key, text, "expected a list, e.g. [2, 4, 6]");
        }
      }
      var list = JsonNodeFactory.instance.arrayNode();
      for (String item : splitTopLevel(t)) {
        if (key.equals("depths")) {
          try {
            list.add(Long.parseLong(item.trim()));
          } catch (NumberFormatException e) {
            throw InvalidInputException.field(key, text, "expected whole numbers, e.g. 2,4,6");
          }
        } else {
          list.add(item.trim());
        }
      }
      return list;
    }
    return JsonNodeFactory.instance.textNode(t);
  }

  /** Splits at the commas outside parentheses: {@code midas(b=2, optimizer=copy),stack-top}. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts.stream().filter(p -> !p.isBlank()).toList();
  }

  boolean has(String key) {
    return values.containsKey(key) && !values.get(key).isNull();
  }

  /** A list of whole numbers. */
  List<Integer> integers(String key) {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw InvalidInputException.field(key, v, "expected a list of whole numbers, e.g. [2, 4]");
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode n : v) {
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        throw InvalidInputException.field(key, v, "expected whole numbers, got " + n);
      }
      out.add(n.intValue());
    }
    return out;
  }

  /** A list of strings (growth specs). */
  List<String> strings(String key) {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw InvalidInputException.field(key, v, "expected a list of growth specs");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : v) {
      if (!n.isTextual()) {
        throw InvalidInputException.field(key, v, "expected growth specs as strings, got " + n);
      }
      out.add(n.asText());
    }
    return out;
  }

  long integer(String key, long fallback) {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().replace("_", ""));
      } catch (NumberFormatException e) {
        // below
      }
    }
    throw InvalidInputException.field(key, v, "expected a whole number");
  }

  double number(String key, double fallback) {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    double d = Double.NaN;
    if (v.isNumber()) {
      d = v.doubleValue();
    } else if (v.isTextual()) {
      try {
        d = Double.parseDouble(v.asText());
      } catch (NumberFormatException e) {
        d = Double.NaN;
      }
    }
    if (!Double.isFinite(d)) {
      throw InvalidInputException.field(key, v, "expected a finite number");
    }
    return d;
  }

  boolean bool(String key, boolean fallback) {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw InvalidInputException.field(key, v, "expected true or false");
  }

  String text(String key, String fallback) {
    JsonNode v = values.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw InvalidInputException.field(key, v, "expected a string");
    }
    return v.asText();
  }

  /** The stack keys as JSON, for records. */
  ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    values.forEach(o::set);
    return o;
  }
}
