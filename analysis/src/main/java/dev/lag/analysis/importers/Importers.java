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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns paths into a pool of candidate trajectories, whatever framework wrote them.
 *
 * <ul>
 *   <li>a log file: its trajectories (one run is named after the file's folder);
 *   <li>a folder holding a log ({@code metrics.jsonl}, {@code trainer_state.json}, {@code
 *       metrics.csv}): one candidate named after the folder;
 *   <li>any other folder: a pool, each sub-folder that holds a log being a candidate named after
 *       the sub-folder.
 * </ul>
 *
 * A lag run directory whose {@code run.json} says {@code diverged} marks its candidate diverged.
 */
public final class Importers {
  /** Log files recognised inside a run folder, in order of preference. */
  public static final List<String> RUN_LOGS =
      List.of("metrics.jsonl", "trainer_state.json", "metrics.csv");

  private static final List<TrajectoryImporter> IMPORTERS =
      List.of(new JsonImporter(), new CsvImporter());

  private Importers() {}

  /** The candidates in all the inputs; names must be unique across them. */
  public static List<Trajectory> load(List<Path> inputs) {
    if (inputs.isEmpty()) {
      throw new InvalidInputException("no inputs given");
    }
    List<Trajectory> pool = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Path input : inputs) {
      for (Trajectory t : load(input)) {
        if (!names.add(t.name())) {
          throw new InvalidInputException(
              "two candidates are named '" + t.name() + "' (rename a run folder)");
        }
        pool.add(t);
      }
    }
    return pool;
  }

  /** The candidates in one input. */
  public static List<Trajectory> load(Path input) {
    try {
      if (Files.isRegularFile(input)) {
        return readFile(input, folderName(input));
      }
      if (!Files.isDirectory(input)) {
        throw new InvalidInputException(input + ": no such file or folder");
      }
      Path log = runLog(input);
      if (log != null) {
        return List.of(single(readFile(log, input.getFileName().toString()), input));
      }
      List<Trajectory> pool = new ArrayList<>();
      try (Stream<Path> children = Files.list(input)) {
        for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
          Path childLog = runLog(child);
          if (childLog != null) {
            pool.add(single(readFile(childLog, child.getFileName().toString()), child));
          }
        }
      }
      if (pool.isEmpty()) {
        throw new InvalidInputException(
            input + ": no run logs found (looked for " + RUN_LOGS + " in it and its sub-folders)");
      }
      return pool;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Trajectory single(List<Trajectory> read, Path folder) throws IOException {
    Trajectory t = read.get(0);
    if (read.size() > 1) {
      throw new InvalidInputException(
          folder + ": its log holds several candidates; pass the file itself");
    }
    Path run = folder.resolve("run.json");
    if (Files.isRegularFile(run) && !t.diverged()) {
      JsonNode record = new ObjectMapper().readTree(run.toFile());
      if ("diverged".equals(record.path("status").asText())) {
        return new Trajectory(t.name(), t.points(), true);
      }
    }
    return t;
  }

  private static List<Trajectory> readFile(Path file, String name) throws IOException {
    if (Files.size(file) == 0) {
      throw new InvalidInputException(file + ": empty file");
    }
    for (TrajectoryImporter importer : IMPORTERS) {
      if (importer.accepts(file)) {
        return importer.read(file, name);
      }
    }
    throw new InvalidInputException(
        file + ": unknown log format (expected .jsonl, trainer_state.json or .csv)");
  }

  private static Path runLog(Path folder) {
    for (String name : RUN_LOGS) {
      if (Files.isRegularFile(folder.resolve(name))) {
        return folder.resolve(name);
      }
    }
    return null;
  }

  private static String folderName(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null || parent.getFileName() == null
        ? file.getFileName().toString()
        : parent.getFileName().toString();
  }
}
