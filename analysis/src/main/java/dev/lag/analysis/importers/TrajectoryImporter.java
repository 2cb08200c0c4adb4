package dev.lag.analysis.importers;

import dev.lag.analysis.trajectory.Trajectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads one kind of training log into trajectories. One implementation per log format. */
public interface TrajectoryImporter {
  /** A short name of the format, for messages. */
  String format();

  /** Whether this importer reads the file (by its name, and its header where needed). */
  boolean accepts(Path file) throws IOException;

  /**
   * The trajectories in the file. Logs of one run are named {@code defaultName}; logs that hold
   * several candidates (a {@code candidate} column or field) name them themselves.
   */
  List<Trajectory> read(Path file, String defaultName) throws IOException;
}
