package dev.lag.selector.run;

import dev.lag.analysis.trajectory.Point;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link CandidateTask} produced: one point per step, and the paused state to continue from.
 *
 * @param points rows of {@code step, tokens, flops, trainLoss, evalLoss, primitives}
 * @param paused snapshot bytes of the state at the last step; empty when the run diverged
 * @param worker where it ran (host and process), for the record
 */
public record TaskResult(double[][] points, byte[] paused, String worker) implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Values per point. */
  static final int COLUMNS = 6;

  /** Layout version of {@link #toBytes}: a cached result of another layout is run again. */
  private static final int FORMAT = 2;

  /** A result from reported points. */
  public static TaskResult of(List<Point> points, byte[] paused, String worker) {
    double[][] rows = new double[points.size()][];
    for (int i = 0; i < rows.length; i++) {
      Point p = points.get(i);
      rows[i] =
          new double[] {
            p.step(), p.tokens(), p.flops(), p.trainLoss(), p.evalLoss(), p.primitives()
          };
    }
    return new TaskResult(rows, paused, worker);
  }

  /** The points, in step order. */
  public List<Point> pointList() {
    List<Point> out = new ArrayList<>(points.length);
    for (double[] r : points) {
      out.add(new Point((long) r[0], r[1], r[2], r[3], r[4], r[5]));
    }
    return out;
  }

  /** The result as bytes (for the task cache: no Java deserialization of files). */
  public byte[] toBytes() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeUTF(worker);
      out.writeInt(points.length);
      for (double[] row : points) {
        for (double v : row) {
          out.writeDouble(v);
        }
      }
      out.writeInt(paused.length);
      out.write(paused);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads {@link #toBytes}. */
  public static TaskResult fromBytes(byte[] bytes, int offset) throws java.io.IOException {
    try (java.io.DataInputStream in =
        new java.io.DataInputStream(
            new java.io.ByteArrayInputStream(bytes, offset, bytes.length - offset))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new java.io.IOException("layout " + format + ", this version reads " + FORMAT);
      }
      String worker = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > bytes.length) {
        throw new java.io.IOException("bad point count " + n);
      }
      double[][] rows = new double[n][COLUMNS];
      for (double[] row : rows) {
        for (int j = 0; j < COLUMNS; j++) {
          row[j] = in.readDouble();
        }
      }
      int length = in.readInt();
      if (length < 0 || length > bytes.length) {
        throw new java.io.IOException("bad state length " + length);
      }
      return new TaskResult(rows, in.readNBytes(length), worker);
    }
  }

  /** Whether the run diverged (no state to continue). */
  public boolean diverged() {
    return paused.length == 0;
  }
}
