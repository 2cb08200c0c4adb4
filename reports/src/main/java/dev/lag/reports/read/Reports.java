package dev.lag.reports.read;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.importers.LogFields;
import dev.lag.reports.Report;
import dev.lag.reports.RunReport;
import dev.lag.reports.SkippedInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the inputs of a report. Each input is one of:
 *
 * <ul>
 *   <li>a lag run directory ({@code stack.json}, {@code selection.json}, {@code study.json}, or a
 *       training run's {@code run.json});
 *   <li>a folder of lag run directories: each with a selection, study or stacking record is a run
 *       of the batch;
 *   <li>anything {@code lag analyze} reads (a log file, or a folder of runs from any framework): a
 *       pool of runs with its lag curve.
 * </ul>
 *
 * An input that cannot be read is listed with the reason and the others go on.
 */
public final class Reports {
  private static final List<String> RECORDS = List.of("stack.json", "selection.json", "study.json");

  private Reports() {}

  /**
   * @param inputs paths as the user gave them; at least one
   * @param title the report's title
   * @param generatedBy the footer: which lag made it, and when
   * @throws InvalidInputException when {@code inputs} is empty
   */
  public static Report read(List<Path> inputs, String title, String generatedBy) {
    return read(inputs, title, generatedBy, LogFields.DEFAULT);
  }

  /**
   * The same, reading other frameworks' logs by the named fields ({@code --field train=KEY}).
   *
   * @param fields which keys of a log hold the step and the losses
   */
  public static Report read(List<Path> inputs, String title, String generatedBy, LogFields fields) {
    if (inputs.isEmpty()) {
      throw new InvalidInputException("no inputs: give run directories or log files");
    }
    List<RunReport> runs = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    for (Path input : inputs) {
      for (Path unit : expand(input, skipped)) {
        String id = "run-" + (runs.size() + 1);
        try {
          runs.add(readOne(unit, id, skipped, fields));
        } catch (InvalidInputException e) {
          skipped.add(new SkippedInput(unit.toString(), e.getMessage()));
        } catch (UncheckedIOException e) {
          skipped.add(
              new SkippedInput(unit.toString(), "unreadable: " + e.getCause().getMessage()));
        }
      }
    }
    return new Report(title, runs, skipped, generatedBy);
  }

  private static RunReport readOne(
      Path unit, String id, List<SkippedInput> problems, LogFields fields) {
    if (Files.isRegularFile(unit.resolve("stack.json"))) {
      return StackReader.read(unit, id, problems);
    }
    if (Files.isRegularFile(unit.resolve("selection.json"))) {
      return SelectReader.read(unit, id, problems);
    }
    if (Files.isRegularFile(unit.resolve("study.json"))) {
      return StudyReader.read(unit, id, problems);
    }
    if (Files.isRegularFile(unit.resolve("run.json"))) {
      // A crash before the first metrics line leaves run.json alone: say so, not "no logs".
      RecordFiles.readObject(unit.resolve("run.json"));
      if (!Files.isRegularFile(unit.resolve("metrics.jsonl"))) {
        throw new InvalidInputException(
            unit.resolve("metrics.jsonl")
                + ": missing (run.json says kind "
                + RecordFiles.readObject(unit.resolve("run.json")).path("kind").asText("?")
                + ")");
      }
    }
    return LogPoolReader.read(unit, id, fields);
  }

  /** The runs an input stands for: itself, or each lag run directory inside it. */
  private static List<Path> expand(Path input, List<SkippedInput> skipped) {
    if (!Files.exists(input)) {
      skipped.add(new SkippedInput(input.toString(), "no such file or folder"));
      return List.of();
    }
    if (!Files.isDirectory(input) || isRecord(input)) {
      return List.of(input);
    }
    List<Path> children;
    try (Stream<Path> list = Files.list(input)) {
      children = list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      skipped.add(new SkippedInput(input.toString(), "unreadable folder: " + e.getMessage()));
      return List.of();
    }
    List<Path> runs = children.stream().filter(Reports::isRecord).toList();
    if (runs.isEmpty()) {
      return List.of(input); // a pool of logs, like lag analyze reads it
    }
    for (Path child : children) {
      if (!runs.contains(child)) {
        skipped.add(
            new SkippedInput(
                child.toString(), "no selection, study or stacking record (" + RECORDS + ")"));
      }
    }
    return runs;
  }

  private static boolean isRecord(Path dir) {
    return RECORDS.stream().anyMatch(r -> Files.isRegularFile(dir.resolve(r)))
        || Files.isRegularFile(dir.resolve("run.json"));
  }
}
