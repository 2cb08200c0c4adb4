package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output paths checked before any work: a file is not a folder, a folder is not a file. */
final class OutputPaths {
  private OutputPaths() {}

  /** A file to write (atomically; its folder is created): it must not be a folder. */
  static Path file(Path path, String option) {
    if (path != null && Files.isDirectory(path)) {
      throw InvalidInputException.field(option, path, "is a folder; give a file name");
    }
    return path;
  }

  /** A folder to write files into (created): it must not be a file. */
  static Path folder(Path path, String option) {
    if (path != null && Files.exists(path) && !Files.isDirectory(path)) {
      throw InvalidInputException.field(option, path, "is a file; give a folder");
    }
    return path;
  }
}
