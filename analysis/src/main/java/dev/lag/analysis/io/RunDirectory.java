package dev.lag.analysis.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run directory, checked before anything is written to it: what every command that writes a run
 * ({@code lag train, select, study, stack}) goes through. A finished run is never replaced unless
 * the user says so, a directory that holds something else is never written into, and {@code
 * run.json} always says how the run stands: {@code running}, then {@code completed}, {@code
 * interrupted} or {@code diverged}.
 */
public final class RunDirectory {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What lag itself writes into a run directory; anything else marks a directory as not ours. */
  private static final Set<String> OURS =
      Set.of(
          RunFiles.RUN,
          RunFiles.METRICS,
          RunFiles.CHECKPOINT,
          "tasks",
          "selection.json",
          "study.json",
          "stack.json",
          "report.html",
          "report.md");

  /** How the command treats what is already there. */
  public enum Mode {
    /** A new run: the directory must be new or empty (lag's own leftovers aside). */
    NEW,
    /**
     * {@code --resume}: continue the unfinished run there, with the options it recorded (or start
     * one where there is none, which the CLI says); a completed run has nothing to resume.
     */
    RESUME,
    /** {@code --force}: replace a finished run of this kind. */
    REPLACE
  }

  private final Path dir;
  private final RunKind kind;
  private final Mode mode;

  private RunDirectory(Path dir, RunKind kind, Mode mode) {
    this.dir = dir;
    this.kind = kind;
    this.mode = mode;
  }

  /**
   * Checks {@code dir} for a run of {@code kind}; writes nothing.
   *
   * @param option how the user named the directory, for messages ({@code --out})
   * @throws InvalidInputException naming the option and the directory when it is a file, holds
   *     another kind of run or files lag did not write, or holds a run and {@code mode} is NEW
   */
  public static RunDirectory open(Path dir, RunKind kind, Mode mode, String option) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw InvalidInputException.field(option, dir, "is a file; give a directory for the run");
    }
    Path run = dir.resolve(RunFiles.RUN);
    if (Files.isRegularFile(run)) {
      JsonNode record = read(run, option);
      String theirs = record.path("kind").asText("?");
      String status = record.path("status").asText("?");
      if (!theirs.equals(kind.label())) {
        throw InvalidInputException.field(
            option, dir, "holds a lag " + theirs + " run, not a " + kind.label() + " run");
      }
      if (mode == Mode.RESUME && RunStatus.COMPLETED.label().equals(status)) {
        throw InvalidInputException.field(
            option,
            dir,
            "holds a finished "
                + kind.label()
                + " run (status "
                + status
                + "): nothing to resume; choose another directory, or --force to start it over");
      }
      if (mode == Mode.NEW) {
        RunStatus stands = RunStatus.ofLabel(status);
        boolean unfinished = stands != null && stands.resumable();
        throw InvalidInputException.field(
            option,
            dir,
            unfinished
                ? "holds an unfinished "
                    + kind.label()
                    + " run (status "
                    + status
                    + "); --resume to continue it, --force to start it over"
                : "holds a finished "
                    + kind.label()
                    + " run (status "
                    + status
                    + "); choose another directory, or --force to replace it");
      }
    } else if (mode != Mode.REPLACE) {
      List<String> others = foreign(dir);
      if (!others.isEmpty()) {
        throw InvalidInputException.field(
            option,
            dir,
            "is not empty and holds no lag run ("
                + String.join(", ", others.subList(0, Math.min(3, others.size())))
                + (others.size() > 3 ? ", ..." : "")
                + "); choose another directory");
      }
    }
    return new RunDirectory(dir, kind, mode);
  }

  /** The directory. */
  public Path path() {
    return dir;
  }

  /** Whether the run continues what is there ({@code --resume}). */
  public boolean resuming() {
    return mode == Mode.RESUME;
  }

  /**
   * Creates the directory and clears what an earlier run of it left, except, when resuming, what
   * the run continues from; then writes {@code run.json} with status {@code running}.
   *
   * @param record the run record: {@code config}, {@code provenance} and whatever the kind adds;
   *     {@code schemaVersion}, {@code kind} and {@code status} are set here
   * @param keptOnResume what a resumed run continues from: {@code tasks} (finished windows), or
   *     {@code checkpoint} and {@code metrics.jsonl}
   */
  public void start(ObjectNode record, String... keptOnResume) throws IOException {
    if (resuming() && Files.isRegularFile(dir.resolve(RunFiles.RUN))) {
      sameRun(read(dir.resolve(RunFiles.RUN), "--out"), record);
    }
    Files.createDirectories(dir);
    List<String> kept = resuming() ? List.of(keptOnResume) : List.of();
    for (String name : OURS) {
      if (!kept.contains(name) && !name.equals(RunFiles.RUN)) {
        delete(dir.resolve(name));
      }
    }
    write(record, RunStatus.RUNNING);
  }

  /** The parts of a run record that say what the run is: a resume must not change them. */
  private static final List<String> DEFINING =
      List.of("config", "source", "depth", "pool", "policy", "scorer", "stack");

  /**
   * Refuses to resume a run under other options than it recorded: the finished windows it keeps
   * would be mixed with windows of another run.
   */
  private void sameRun(JsonNode stored, ObjectNode record) {
    for (String key : DEFINING) {
      JsonNode was = stored.get(key);
      JsonNode now = record.get(key);
      if (was == null || now == null || same(was, now)) {
        continue;
      }
      if (was.isObject() && now.isObject()) {
        for (java.util.Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
          String field = it.next();
          if (was.get(field) == null || !same(now.get(field), was.get(field))) {
            throw InvalidInputException.field(
                field,
                now.get(field).asText(),
                "differs from the run in "
                    + dir
                    + " ("
                    + (was.has(field) ? was.get(field).asText() : "unset")
                    + "); --resume continues a run with its own options (another --out starts a"
                    + " new one)");
          }
        }
      }
      throw InvalidInputException.field(
          key,
          now.isValueNode() ? now.asText() : now.toString(),
          "differs from the run in "
              + dir
              + "; --resume continues a run with its own options (another --out starts a new one)");
    }
  }

  /** Equal values, whatever JSON node type held them (a seed read back as an int or a long). */
  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isContainerNode() || b.isContainerNode()) {
      if (a.size() != b.size() || a.isObject() != b.isObject()) {
        return false;
      }
      if (a.isArray()) {
        for (int i = 0; i < a.size(); i++) {
          if (!same(a.get(i), b.get(i))) {
            return false;
          }
        }
        return true;
      }
      for (java.util.Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (b.get(f) == null || !same(a.get(f), b.get(f))) {
          return false;
        }
      }
      return true;
    }
    return a.asText().equals(b.asText());
  }

  /** Rewrites {@code run.json} with its final status ({@code completed}, {@code interrupted}). */
  public void finish(ObjectNode record, RunStatus status) throws IOException {
    write(record, status);
  }

  private void write(ObjectNode record, RunStatus status) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    out.put("schemaVersion", RunFiles.SCHEMA_VERSION);
    out.put("kind", kind.label());
    out.put("status", status.label());
    record
        .fields()
        .forEachRemaining(
            e -> {
              if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
              }
            });
    AtomicFiles.writeString(dir.resolve(RunFiles.RUN), JSON.writeValueAsString(out));
  }

  private static JsonNode read(Path run, String option) {
    try {
      return JSON.readTree(run.toFile());
    } catch (IOException e) {
      throw InvalidInputException.field(
          option, run.getParent(), "its run.json is unreadable (" + e.getMessage() + ")");
    }
  }

  /** The entries of {@code dir} that lag does not write (none when it does not exist). */
  private static List<String> foreign(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> !OURS.contains(n) && !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
