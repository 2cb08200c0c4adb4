package dev.lag.selector.runners;

import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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

  /** The result as bytes (no Java serialization: the cache reads files). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeUTF(worker);
      out.writeInt(points.size());
      for (Point p : points) {
        out.writeLong(p.step());
        out.writeDouble(p.tokens());
        out.writeDouble(p.flops());
        out.writeDouble(p.trainLoss());
        out.writeDouble(p.evalLoss());
        out.writeDouble(p.primitives());
        write(out, p.evalBatches());
        out.writeInt(p.probes().size());
        for (Probe probe : p.probes()) {
          out.writeInt(probe.steps());
          out.writeDouble(probe.evalLoss());
          write(out, probe.evalBatches());
          out.writeDouble(probe.flops());
        }
      }
      byte[] state = paused == null ? new byte[0] : SnapshotBytes.encode(paused);
      out.writeInt(state.length);
      out.write(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(DataOutputStream out, BatchLosses b) throws IOException {
    out.writeInt(b.size());
    for (int i = 0; i < b.size(); i++) {
      out.writeDouble(b.get(i));
    }
  }

  private static BatchLosses readBatches(DataInputStream in, int limit) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * 8 > limit) {
      throw new IOException("bad batch count " + n);
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readDouble();
    }
    return BatchLosses.of(v);
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
      int n = in.readInt();
      if (n < 0 || (long) n * 6 * 8 > bytes.length) {
        throw new IOException("bad point count " + n);
      }
      List<Point> points = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long step = in.readLong();
        double tokens = in.readDouble();
        double flops = in.readDouble();
        double train = in.readDouble();
        double eval = in.readDouble();
        double primitives = in.readDouble();
        BatchLosses batches = readBatches(in, bytes.length);
        int probes = in.readInt();
        if (probes < 0 || probes > 1000) {
          throw new IOException("bad probe count " + probes);
        }
        List<Probe> list = new ArrayList<>();
        for (int j = 0; j < probes; j++) {
          list.add(
              new Probe(
                  in.readInt(), in.readDouble(), readBatches(in, bytes.length), in.readDouble()));
        }
        points.add(new Point(step, tokens, flops, train, eval, primitives, batches, list));
      }
      int length = in.readInt();
      if (length < 0 || length > bytes.length) {
        throw new IOException("bad state length " + length);
      }
      byte[] state = in.readNBytes(length);
      return new TaskResult(points, length == 0 ? null : SnapshotBytes.decode(state), worker);
    }
  }
}
