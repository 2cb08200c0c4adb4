package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.RunDirectory;
import dev.lag.analysis.io.RunKind;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --out}, {@code --resume} and {@code --force}: where a run goes, and what of it is kept.
 */
final class OutOptions {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "RUN_DIR",
      description = "Run directory to write (new, or empty).")
  Path out;

  @Option(
      names = "--resume",
      description =
          "Continue the interrupted run in RUN_DIR: what finished (windows, checkpoint) is kept.")
  boolean resume;

  @Option(
      names = "--force",
      description = "Replace the run RUN_DIR holds (a finished run is never replaced without it).")
  boolean force;

  /** The run directory for a run of {@code kind}, checked; nothing is written yet. */
  RunDirectory open(RunKind kind) {
    RunDirectory dir = RunDirectory.open(out, kind, mode(), "--out");
    sayIfNothingToResume(kind);
    return dir;
  }

  /**
   * Tells the person who asked to resume a folder that holds no run that a new one starts: scripts
   * resume-or-start with one command, and a person who mistyped the folder should know.
   */
  void sayIfNothingToResume(RunKind kind) {
    if (resume
        && !java.nio.file.Files.isRegularFile(out.resolve(dev.lag.analysis.io.RunFiles.RUN))) {
      System.err.println(
          "lag: nothing to resume in " + out + ": starting a new " + kind.label() + " run");
    }
  }

  RunDirectory.Mode mode() {
    if (resume && force) {
      throw new InvalidInputException("--resume and --force: give one of them, not both");
    }
    return resume
        ? RunDirectory.Mode.RESUME
        : force ? RunDirectory.Mode.REPLACE : RunDirectory.Mode.NEW;
  }
}
