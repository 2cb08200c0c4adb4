package dev.lag.analysis.importers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns paths into a pool of candidate trajectories, whatever framework wrote them, the way
 * TensorBoard reads a log directory:
 *
 * <ul>
 *   <li>a log file: its trajectories (one run is named after the file's folder);
 *   <li>a folder holding a log ({@code metrics.jsonl}, {@code trainer_state.json}, {@code
 *       metrics.csv}): one run, named after the folder;
 *   <li>a Hugging Face output folder (sub-folders {@code checkpoint-N}, each with a {@code
 *       trainer_state.json}): one run, read from its latest checkpoint, whose state holds the whole
 *       history;
 *   <li>any other folder: every run found below it, at any depth, named by its path from that
 *       folder ({@code sweep/midas}).
 * </ul>
 *
 * A lag run directory whose {@code run.json} says {@code diverged} marks its candidate diverged.
 */
public final class Importers {
  /** Log files recognised inside a run folder, in order of preference. */
  public static final List<String> RUN_LOGS =
      List.of("metrics.jsonl", "trainer_state.json", "metrics.csv");

  private static final Pattern HF_CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");

  /** Folders below which no run is looked for. */
  private static final int MAX_DEPTH = 8;

  private Importers() {}

  /**
   * A run found on disk.
   *
   * @param name its candidate name
   * @param dir its folder
   * @param log the log it is read from
   */
  public record FoundRun(String name, Path dir, Path log) {}

  /** The candidates in all the inputs, reading the usual field names. */
  public static List<Trajectory> load(List<Path> inputs) {
    return load(inputs, LogFields.DEFAULT);
  }

  /** The candidates in all the inputs; names must be unique across them. */
  public static List<Trajectory> load(List<Path> inputs, LogFields fields) {
    if (inputs.isEmpty()) {
      throw new InvalidInputException("no inputs given");
    }
    List<Trajectory> pool = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Path input : inputs) {
      for (Trajectory t : load(input, fields)) {
        if (!names.add(t.name())) {
          throw new InvalidInputException(
              "two candidates are named '" + t.name() + "' (rename a run folder)");
        }
        pool.add(t);
      }
    }
    return pool;
  }

  /** The candidates in one input, reading the usual field names. */
  public static List<Trajectory> load(Path input) {
    return load(input, LogFields.DEFAULT);
  }

  /** The candidates in one input. */
  public static List<Trajectory> load(Path input, LogFields fields) {
    try {
      if (Files.isRegularFile(input)) {
        return readFile(input, folderName(input), fields);
      }
      List<Trajectory> pool = new ArrayList<>();
      for (FoundRun run : discover(input)) {
        List<Trajectory> read = readFile(run.log(), run.name(), fields);
        if (read.size() == 1) {
          pool.add(diverged(read.get(0), run.dir()));
          continue;
        }
        // A log of several candidates (lag select, study): each one, under the run's name when
        // the run was found below the input.
        boolean top = run.dir().equals(input);
        for (Trajectory t : read) {
          pool.add(top ? t : new Trajectory(run.name() + "/" + t.name(), t.points(), t.diverged()));
        }
      }
      return pool;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The runs below a folder (see the class comment), in path order.
   *
   * @throws InvalidInputException when the path does not exist or holds no run
   */
  public static List<FoundRun> discover(Path input) {
    if (!Files.isDirectory(input)) {
      throw new InvalidInputException(input + ": no such file or folder");
    }
    List<FoundRun> runs = new ArrayList<>();
    try {
      Path log = runLog(input);
      if (log != null) {
        return List.of(
            new FoundRun(input.toAbsolutePath().normalize().getFileName().toString(), input, log));
      }
      walk(input, input, 0, runs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (runs.isEmpty()) {
      throw new InvalidInputException(
          input
              + ": no run logs found (looked for "
              + RUN_LOGS
              + " and Hugging Face checkpoint-N folders, at any depth)");
    }
    return runs;
  }

  private static void walk(Path root, Path dir, int depth, List<FoundRun> runs) throws IOException {
    Path log = runLog(dir);
    if (log != null && !dir.equals(root)) {
      runs.add(new FoundRun(name(root, dir), dir, log));
      return; // a run's sub-folders (checkpoints, tasks) are part of it
    }
    if (depth >= MAX_DEPTH) {
      return;
    }
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children =
          list.filter(Files::isDirectory)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    }
    for (Path child : children) {
      walk(root, child, depth + 1, runs);
    }
  }

  /** The log of a run folder: one of {@link #RUN_LOGS}, or a Hugging Face latest checkpoint's. */
  private static Path runLog(Path folder) throws IOException {
    for (String name : RUN_LOGS) {
      if (Files.isRegularFile(folder.resolve(name))) {
        return folder.resolve(name);
      }
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(p -> HF_CHECKPOINT.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve("trainer_state.json")))
          .max(Comparator.comparingLong(Importers::checkpointStep))
          .map(p -> p.resolve("trainer_state.json"))
          .orElse(null);
    }
  }

  private static long checkpointStep(Path checkpoint) {
    Matcher m = HF_CHECKPOINT.matcher(checkpoint.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String name(Path root, Path dir) {
    return root.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
  }

  /** The run, flagged diverged when its lag {@code run.json} says so. */
  private static Trajectory diverged(Trajectory t, Path folder) throws IOException {
    Path run = folder.resolve("run.json");
    if (Files.isRegularFile(run) && !t.diverged()) {
      JsonNode record = new ObjectMapper().readTree(run.toFile());
      if ("diverged".equals(record.path("status").asText())) {
        return new Trajectory(t.name(), t.points(), true);
      }
    }
    return t;
  }

  private static List<Trajectory> readFile(Path file, String name, LogFields fields)
      throws IOException {
    if (Files.size(file) == 0) {
      throw new InvalidInputException(file + ": empty file");
    }
    for (TrajectoryImporter importer :
        List.<TrajectoryImporter>of(new JsonImporter(fields), new CsvImporter(fields))) {
      if (importer.accepts(file)) {
        return importer.read(file, name);
      }
    }
    throw new InvalidInputException(
        file + ": unknown log format (expected .jsonl, trainer_state.json or .csv)");
  }

  private static String folderName(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null || parent.getFileName() == null
        ? file.getFileName().toString()
        : parent.getFileName().toString();
  }
}
