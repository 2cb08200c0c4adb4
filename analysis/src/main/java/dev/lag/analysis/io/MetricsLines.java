package dev.lag.analysis.io;

import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidate's step as one line of {@code metrics.jsonl}, the format {@code lag select, study,
 * stack} and {@code lag serve} write and {@link dev.lag.analysis.importers.JsonImporter} reads:
 * {@code candidate, stage, replica} (left out when 0), then {@code step, tokens, flops, trainLoss,
 * evalLoss, primitives, evalBatchLosses, probes: [{steps, evalLoss, evalBatchLosses, flops}]} with
 * absent values left out, and {@code diverged: true} on a step whose loss was not finite.
 */
public final class MetricsLines {
  private MetricsLines() {}

  /** The line of {@code point} of {@code candidate} (or a schedule) at a stage and replica. */
  public static Map<String, Object> of(String candidate, int stage, int replica, Point point) {
    Map<String, Object> l = new LinkedHashMap<>(); // a fixed field order in every line
    l.put("candidate", candidate);
    l.put("stage", stage);
    if (replica != 0) {
      l.put("replica", replica);
    }
    l.putAll(fields(point));
    return l;
  }

  /** The point's own fields. */
  public static Map<String, Object> fields(Point p) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("step", p.step());
    if (Double.isFinite(p.tokens())) {
      l.put("tokens", (long) p.tokens()); // a count, written like lag train writes it
    }
    put(l, "flops", p.flops());
    put(l, "trainLoss", p.trainLoss());
    put(l, "evalLoss", p.evalLoss());
    put(l, "primitives", p.primitives());
    put(l, "evalBatchLosses", p.evalBatches());
    if (!p.probes().isEmpty()) {
      List<Map<String, Object>> probes = new ArrayList<>();
      for (Probe probe : p.probes()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("steps", probe.steps());
        put(o, "evalLoss", probe.evalLoss());
        put(o, "evalBatchLosses", probe.evalBatches());
        put(o, "flops", probe.flops());
        probes.add(o);
      }
      l.put("probes", probes);
    }
    if (Double.isInfinite(p.trainLoss()) || Double.isInfinite(p.evalLoss())) {
      l.put("diverged", true);
    }
    return l;
  }

  private static void put(Map<String, Object> line, String key, double v) {
    if (Double.isFinite(v)) {
      line.put(key, v);
    }
  }

  private static void put(Map<String, Object> line, String key, BatchLosses b) {
    if (!b.isEmpty() && b.finite()) {
      line.put(key, b.toArray());
    }
  }
}
