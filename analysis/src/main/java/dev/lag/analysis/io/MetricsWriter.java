package dev.lag.analysis.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one JSON object per line to {@code metrics.jsonl}. Each line is written whole and
 * flushed, so after a crash the file holds every record up to the last complete line; readers skip
 * a torn last line.
 */
public final class MetricsWriter implements Closeable {
  private final ObjectMapper json;
  private final BufferedWriter out;

  /** Opens {@code file} for appending (creating it). */
  public MetricsWriter(Path file, ObjectMapper json) throws IOException {
    this.json = json;
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Writes {@code record} as one line, with {@code extra} fields (candidate, stage) first. */
  public void write(Object record, Map<String, Object> extra) {
    ObjectNode line = json.createObjectNode();
    extra.forEach((k, v) -> line.set(k, json.valueToTree(v)));
    line.setAll((ObjectNode) json.valueToTree(record));
    try {
      out.write(json.writeValueAsString(line));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
