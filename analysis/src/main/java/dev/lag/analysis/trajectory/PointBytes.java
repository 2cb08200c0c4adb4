package dev.lag.analysis.trajectory;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Points as bytes, every value exactly (doubles as their bits): for the task cache's finished
 * windows and the bank's parsed cache. No Java serialization: the readers check every count against
 * what the bytes can hold, so a torn or foreign file is an {@link IOException}, never an allocation
 * of gigabytes.
 */
public final class PointBytes {
  private PointBytes() {}

  /** Writes the points: their count, then each. */
  public static void write(DataOutput out, List<Point> points) throws IOException {
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
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @param limit the length of the bytes being read: no count may claim more
   */
  public static List<Point> read(DataInput in, long limit) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * 6 * 8 > limit) {
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
      BatchLosses batches = readBatches(in, limit);
      int probes = in.readInt();
      if (probes < 0 || probes > 1000) {
        throw new IOException("bad probe count " + probes);
      }
      List<Probe> list = new ArrayList<>(probes);
      for (int j = 0; j < probes; j++) {
        list.add(new Probe(in.readInt(), in.readDouble(), readBatches(in, limit), in.readDouble()));
      }
      points.add(new Point(step, tokens, flops, train, eval, primitives, batches, list));
    }
    return points;
  }

  private static void write(DataOutput out, BatchLosses b) throws IOException {
    out.writeInt(b.size());
    for (int i = 0; i < b.size(); i++) {
      out.writeDouble(b.get(i));
    }
  }

  private static BatchLosses readBatches(DataInput in, long limit) throws IOException {
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
}
