package dev.lag.selector.runners;

import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.PointBytes;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a {@link CandidateTask} produced: one point per step, and the paused state to continue from.
 * In memory; {@link #toBytes} for the task cache and for a result that comes back from another
 * machine.
 *
 * @param points one per step, in order
 * @param paused the state at the last step, without wall-clock time (so that the task continuing
 *     from it has the same key in every run); null when the run diverged
 * @param worker where it ran (host and process), for the record
 */
public record TaskResult(List<Point> points, Snapshot paused, String worker) {
  /** Layout version of {@link #toBytes}: a cached result of another layout is run again. */
  private static final int FORMAT = 4;

  /** Whether the run diverged (no state to continue). */
  public boolean diverged() {
    return paused == null;
  }

  /**
   * This result for a twin: a task that is the same computation from {@code start} (equal {@link
   * Snapshot#trainingStart}), which ends in the same state under its own config.
   *
   * @param start the twin's start (null: a fresh model, whose config is the same)
   */
  public TaskResult asTwin(Snapshot start) {
    return paused == null || start == null
        ? this
        : new TaskResult(points, paused.withConfig(start.config()), worker);
  }

  /** The result as bytes (no Java serialization: the cache reads files). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeUTF(worker);
      PointBytes.write(out, points);
      byte[] state = paused == null ? new byte[0] : SnapshotBytes.encode(paused);
      out.writeInt(state.length);
      out.write(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads {@link #toBytes} from {@code bytes} at {@code offset}. */
  public static TaskResult fromBytes(byte[] bytes, int offset) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, offset, bytes.length - offset))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IOException("layout " + format + ", this version reads " + FORMAT);
      }
      String worker = in.readUTF();
      List<Point> points = PointBytes.read(in, bytes.length);
      int length = in.readInt();
      if (length < 0 || length > bytes.length) {
        throw new IOException("bad state length " + length);
      }
      byte[] state = in.readNBytes(length);
      return new TaskResult(points, length == 0 ? null : SnapshotBytes.decode(state), worker);
    }
  }
}
