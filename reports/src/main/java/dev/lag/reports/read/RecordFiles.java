package dev.lag.reports.read;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.importers.JsonImporter;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading lag's JSON records with errors that name the file and what is wrong with it. */
final class RecordFiles {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private RecordFiles() {}

  /** The JSON object in {@code file}. */
  static JsonNode readObject(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file + ": missing");
    }
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      String m =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : String.valueOf(e.getMessage());
      throw new InvalidInputException(
          file + ": not valid JSON (" + m.lines().findFirst().orElse(m) + ")");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(file + ": not a JSON object");
    }
    return node;
  }

  /** The JSON object in {@code file}, or null when the file does not exist. */
  static JsonNode readOptional(Path file) {
    return Files.isRegularFile(file) ? readObject(file) : null;
  }

  /** A run's {@code metrics.jsonl}: stage to candidate to trajectory. */
  static Map<Integer, Map<String, Trajectory>> metrics(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file + ": missing");
    }
    try {
      return new JsonImporter()
          .readStages(file, file.toAbsolutePath().getParent().getFileName().toString());
    } catch (IOException e) {
      throw new InvalidInputException(file + ": unreadable (" + e.getMessage() + ")");
    }
  }

  /** An object's scalar fields, nested objects flattened with dots, lists as JSON text. */
  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      flatten("", node, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(key + ".", v, out);
      } else if (!v.isNull()) {
        out.put(key, v.isValueNode() ? v.asText() : v.toString());
      }
    }
  }

  /** A number field, NaN when absent or null (non-finite numbers are written as null). */
  static double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }

  /** A required field, or an error naming it. */
  static JsonNode required(JsonNode node, String field, Path file) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(file + ": field '" + field + "' is missing");
    }
    return v;
  }
}
