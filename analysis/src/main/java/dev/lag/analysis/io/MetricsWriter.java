package dev.lag.analysis.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one JSON object per line to {@code metrics.jsonl}. Each line is written whole and
 * flushed, so after a crash the file holds every record up to the last complete line; readers skip
 * a torn last line, and opening the file again cuts it off, so that the next line never lands on a
 * fragment.
 */
public final class MetricsWriter implements Closeable {
  private final ObjectMapper json;
  private final BufferedWriter out;

  /** Opens {@code file} for appending (creating it), after cutting off a torn last line. */
  public MetricsWriter(Path file, ObjectMapper json) throws IOException {
    this.json = json;
    repairTail(file);
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

  /**
   * Cuts a file back to its last complete line: what a process killed in the middle of a write
   * leaves after it is a fragment that no reader can use.
   */
  static void repairTail(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long end = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (end > 0) {
        one.clear();
        channel.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      if (end < size) {
        channel.truncate(end);
        channel.force(true);
      }
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
