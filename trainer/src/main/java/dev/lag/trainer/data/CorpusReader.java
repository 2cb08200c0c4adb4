package dev.lag.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads training text from a text file, a folder of {@code .txt} files (sorted by name, joined by
 * newlines), or JSONL with one text field per line. Any file may be gzipped: it is recognised by
 * its magic bytes, not its name.
 */
public final class CorpusReader {
  private final String jsonField;
  private final ObjectMapper json = new ObjectMapper();

  /** A reader that takes the text of JSONL records from {@code jsonField}. */
  public CorpusReader(String jsonField) {
    this.jsonField = jsonField;
  }

  /** The whole text at {@code path}; missing, unreadable or empty input is a user error. */
  public String read(Path path) {
    String text;
    try {
      if (Files.isDirectory(path)) {
        text = readFolder(path);
      } else if (Files.isRegularFile(path)) {
        text = isJsonl(path) ? readJsonl(path) : readText(path);
      } else {
        throw InvalidInputException.field("corpus", path, "no such file or folder");
      }
    } catch (IOException e) {
      throw InvalidInputException.field("corpus", path, "cannot read it (" + e.getMessage() + ")");
    }
    if (text.isEmpty()) {
      throw InvalidInputException.field("corpus", path, "contains no text");
    }
    return text;
  }

  private String readFolder(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files =
          list.filter(p -> p.getFileName().toString().matches(".*\\.txt(\\.gz)?"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    if (files.isEmpty()) {
      throw InvalidInputException.field("corpus", folder, "folder has no .txt or .txt.gz files");
    }
    StringBuilder text = new StringBuilder();
    for (Path f : files) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(readText(f));
    }
    return text.toString();
  }

  private static boolean isJsonl(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz") || name.endsWith(".ndjson");
  }

  private static String readText(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String readJsonl(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode record;
        try {
          record = json.readTree(line);
        } catch (IOException e) {
          throw new InvalidInputException(file + " line " + lineNumber + ": not valid JSON");
        }
        JsonNode field = record.get(jsonField);
        if (field == null || !field.isTextual()) {
          throw new InvalidInputException(
              file
                  + " line "
                  + lineNumber
                  + ": no text field '"
                  + jsonField
                  + "' (set jsonField to the field that holds the text)");
        }
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(field.asText());
      }
    }
    return text.toString();
  }

  /** Opens a file, transparently gunzipping it when it starts with the gzip magic bytes. */
  private static InputStream open(Path file) throws IOException {
    PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2);
    byte[] magic = in.readNBytes(2);
    in.unread(magic);
    boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    return gzip ? new GZIPInputStream(in, 1 << 16) : in;
  }
}
