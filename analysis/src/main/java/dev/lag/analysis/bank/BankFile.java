package dev.lag.analysis.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.importers.JsonImporter;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.JsonFiles;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One study kept in a bank as one gzipped JSONL file, {@code NAME.jsonl.gz}: the first line is a
 * header, {@code {"format": "lag-bank-study", "version": 1, "name": ..., "study": {...}, "run":
 * {...}}}, holding the study's {@code study.json} (pool, config with the stage length and schedule,
 * finals per replica, probes, lag curve) and its {@code run.json} (provenance); every further line
 * is a line of the study's {@code metrics.jsonl} as written (every candidate's losses per step, the
 * held-out per-batch losses, the cooldown probes). No weights: a study of eight candidates by three
 * replicas over 1600 steps is about a megabyte.
 */
public final class BankFile {
  /** The header's {@code format}. */
  public static final String FORMAT = "lag-bank-study";

  /** The file name's ending. */
  public static final String SUFFIX = ".jsonl.gz";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  private static final ObjectMapper JSON = new ObjectMapper();

  private BankFile() {}

  /** Whether {@code file} is named as a bank file. */
  public static boolean named(Path file) {
    return file.getFileName().toString().endsWith(SUFFIX);
  }

  /**
   * Writes the finished study in {@code studyDir} into {@code bank} as {@code NAME.jsonl.gz}
   * (atomically).
   *
   * @return the file written
   * @throws InvalidInputException when the study is not finished, the name is not a plain
   *     lower-case name, or the bank holds that name already (a banked study is never replaced
   *     silently)
   */
  public static Path write(Path studyDir, String name, Path bank) {
    Path study = studyDir.resolve("study.json");
    Path metrics = studyDir.resolve("metrics.jsonl");
    if (!Files.isRegularFile(study) || !Files.isRegularFile(metrics)) {
      throw InvalidInputException.field(
          "STUDY",
          studyDir,
          "not a finished study (study.json and metrics.jsonl are written by lag study)");
    }
    Path target = target(name, bank);
    ObjectNode header = headerNamed(name);
    header.set("study", JsonFiles.readObject(study, "STUDY study.json"));
    Path run = studyDir.resolve("run.json");
    if (Files.isRegularFile(run)) {
      header.set("run", JsonFiles.readObject(run, "STUDY run.json"));
    }
    write(
        target,
        header,
        w -> {
          try (BufferedReader lines = Files.newBufferedReader(metrics, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              if (!line.isBlank()) {
                w.write(line);
                w.write('\n');
              }
            }
          }
        });
    return target;
  }

  /**
   * Writes a study read from another framework's logs into {@code bank} as {@code NAME.jsonl.gz}
   * (atomically), in the format of lag's own: a bank reads it as it reads theirs.
   *
   * @param sources the logs it was read from, kept in its header as its provenance
   * @return the file written
   * @throws InvalidInputException when the name is not a plain lower-case name or the bank holds it
   *     already
   */
  public static Path write(ImportedStudy study, String name, Path bank, List<Path> sources) {
    Path target = target(name, bank);
    ObjectNode header = headerNamed(name);
    header.set("study", study.header(sources));
    List<String> lines = study.lines();
    write(
        target,
        header,
        w -> {
          for (String line : lines) {
            w.write(line);
            w.write('\n');
          }
        });
    return target;
  }

  /** The file a study of this name is kept in: a plain name the bank does not hold yet. */
  private static Path target(String name, Path bank) {
    if (!NAME.matcher(name).matches()) {
      throw InvalidInputException.field(
          "--name", name, "must be lower case letters, digits, dots and dashes");
    }
    Path target = bank.resolve(name + SUFFIX);
    if (Files.exists(target)) {
      throw InvalidInputException.field(
          "--name", name, "the bank holds " + target + " already (remove it first to replace it)");
    }
    return target;
  }

  private static ObjectNode headerNamed(String name) {
    ObjectNode header = JSON.createObjectNode();
    header.put("format", FORMAT);
    header.put("version", 1);
    header.put("name", name);
    return header;
  }

  /** What writes a bank file's lines after its header. */
  private interface Body {
    void write(Writer w) throws IOException;
  }

  private static void write(Path target, ObjectNode header, Body body) {
    try {
      AtomicFiles.write(
          target,
          out -> {
            GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
            Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8);
            w.write(JSON.writeValueAsString(header));
            w.write('\n');
            body.write(w);
            w.flush();
            gz.finish();
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a bank file.
   *
   * @throws InvalidInputException naming the file when it is not one
   */
  public static BankStudy read(Path file) {
    byte[] gz;
    try {
      gz = Files.readAllBytes(file);
    } catch (IOException e) {
      throw InvalidInputException.field("--bank", file, "cannot be read (" + e.getMessage() + ")");
    }
    // The machine's cache holds the parse of this very file (by its SHA-256), or nothing.
    String key = BankCache.key(gz);
    BankCache.Parsed cached = BankCache.get(key);
    List<String> lines = cached == null ? lines(gz, file) : null;
    String first = cached != null ? cached.header() : lines.isEmpty() ? "" : lines.get(0);
    JsonNode header = header(first, file);
    String name = header.path("name").asText();
    List<Trajectory> runs;
    if (cached != null) {
      runs = cached.trajectories();
    } else {
      runs = new JsonImporter().readLines(lines.subList(1, lines.size()), file, name);
      BankCache.put(key, new BankCache.Parsed(first, runs));
    }
    return StudyBank.fromJson(file, name, header.path("study"), runs);
  }

  /** The header line, checked: its format and version. */
  private static JsonNode header(String first, Path file) {
    JsonNode header;
    try {
      header = first.isEmpty() ? null : JSON.readTree(first);
    } catch (IOException e) {
      header = null;
    }
    if (header == null || !FORMAT.equals(header.path("format").asText())) {
      throw InvalidInputException.field(
          "--bank", file, "its first line is not a " + FORMAT + " header");
    }
    if (header.path("version").asInt() != 1) {
      throw InvalidInputException.field(
          "--bank", file, "version " + header.path("version") + " (this lag reads version 1)");
    }
    return header;
  }

  private static List<String> lines(byte[] gz, Path file) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16),
                StandardCharsets.UTF_8))) {
      return in.lines().toList();
    } catch (IOException | UncheckedIOException e) {
      throw InvalidInputException.field(
          "--bank", file, "not a gzipped bank file (" + e.getMessage() + ")");
    }
  }
}
