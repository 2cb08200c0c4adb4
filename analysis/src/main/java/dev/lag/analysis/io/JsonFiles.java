package dev.lag.analysis.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Config files read strictly: one JSON object, nothing after it, no key given twice. A file that is
 * almost JSON is an error that says where, never a config with a silent default.
 */
public final class JsonFiles {
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonFiles() {}

  /**
   * The JSON object in {@code file}.
   *
   * @param what what the file is, for the message ({@code config file})
   * @throws InvalidInputException naming the file and the first problem
   */
  public static ObjectNode readObject(Path file, String what) {
    JsonNode root;
    try {
      root = STRICT.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(what + " " + file + ": no such file", e);
    } catch (IOException e) {
      String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new InvalidInputException(
          what + " " + file + ": not one JSON object (" + first + ")", e);
    }
    if (!(root instanceof ObjectNode object)) {
      throw new InvalidInputException(what + " " + file + ": expected one JSON object of keys");
    }
    return object;
  }
}
