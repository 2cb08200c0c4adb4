package dev.lag.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time of profiled steps went, per operator: the self time of each op (its duration less
 * the ops it called), summed over the trace PyTorch's profiler writes (Chrome trace format).
 *
 * <p>Self time, not duration: PyTorch's ops nest (a {@code MmBackward0} calls {@code aten::mm},
 * which may call {@code aten::resolve_conj}), so summing durations counts the same microseconds
 * several times. An op that runs under autograd's engine belongs to the backward pass; the rest is
 * the forward pass and the optimizer (the profiler cannot tell those two apart).
 *
 * @param rows one per (op, phase), most self time first
 * @param totalMs the time covered by top-level ops, summed over threads
 */
public record OpProfile(List<Row> rows, double totalMs) {
  /** The phase an op ran in. */
  public enum Phase {
    BACKWARD("backward"),
    FORWARD_OR_OPTIMIZER("fwd/opt");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    /** The short name tables print. */
    public String label() {
      return label;
    }
  }

  /**
   * One op's share.
   *
   * @param op the operator's name as PyTorch records it
   * @param phase backward, or forward and optimizer
   * @param calls how many times it ran
   * @param selfMs its self time
   */
  public record Row(String op, Phase phase, long calls, double selfMs) {}

  private static final String BACKWARD_MARK = "autograd::engine::evaluate_function";

  /** Reads a trace written by {@code JniUtils.stopProfile}. */
  public static OpProfile read(Path trace) throws IOException {
    JsonNode root = new ObjectMapper().readTree(trace.toFile());
    JsonNode events = root.isArray() ? root : root.path("traceEvents");
    Map<String, List<Event>> byThread = new TreeMap<>();
    for (JsonNode e : events) {
      if (!"X".equals(e.path("ph").asText())) {
        continue;
      }
      byThread
          .computeIfAbsent(e.path("tid").asText(), t -> new ArrayList<>())
          .add(
              new Event(
                  e.path("name").asText(), e.path("ts").asDouble(), e.path("dur").asDouble()));
    }
    Map<String, double[]> totals = new LinkedHashMap<>(); // key: phase + op; value: calls, self
    double covered = 0;
    for (List<Event> thread : byThread.values()) {
      // Parents start first; of two that start together, the longer is the parent.
      thread.sort(Comparator.comparingDouble(Event::ts).thenComparing(e -> -e.dur()));
      Deque<Event> open = new ArrayDeque<>();
      for (Event e : thread) {
        while (!open.isEmpty() && open.peek().end() <= e.ts()) {
          open.pop();
        }
        if (open.isEmpty()) {
          covered += e.dur();
        } else {
          open.peek().children += e.dur();
          e.backward = open.peek().backward || open.peek().name().startsWith(BACKWARD_MARK);
        }
        open.push(e);
      }
      for (Event e : thread) {
        Phase phase = e.backward ? Phase.BACKWARD : Phase.FORWARD_OR_OPTIMIZER;
        double[] t = totals.computeIfAbsent(phase + "\t" + e.name(), k -> new double[2]);
        t[0]++;
        t[1] += Math.max(0, e.dur() - e.children);
      }
    }
    List<Row> rows = new ArrayList<>();
    totals.forEach(
        (key, t) -> {
          String[] parts = key.split("\t", 2);
          rows.add(new Row(parts[1], Phase.valueOf(parts[0]), (long) t[0], t[1] / 1000));
        });
    rows.sort(Comparator.comparingDouble(Row::selfMs).reversed());
    return new OpProfile(List.copyOf(rows), covered / 1000);
  }

  /** Self time in one phase (ms). */
  public double phaseMs(Phase phase) {
    return rows.stream().filter(r -> r.phase() == phase).mapToDouble(Row::selfMs).sum();
  }

  /** The {@code top} rows as a plain-text table, per step of the {@code steps} profiled. */
  public String table(int top, int steps) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-44s %-9s %9s %12s %7s%n",
            "op",
            "phase",
            "calls/step",
            "self ms/step",
            "share"));
    for (Row r : rows.subList(0, Math.min(top, rows.size()))) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-44s %-9s %9.1f %12.2f %6.1f%%%n",
              r.op().length() > 44 ? r.op().substring(0, 41) + "..." : r.op(),
              r.phase().label(),
              (double) r.calls() / steps,
              r.selfMs() / steps,
              100 * r.selfMs() / totalMs));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "all ops: %.1f ms/step (backward %.1f, forward and optimizer %.1f)%n",
            totalMs / steps,
            phaseMs(Phase.BACKWARD) / steps,
            phaseMs(Phase.FORWARD_OR_OPTIMIZER) / steps));
    return out.toString();
  }

  /** A traced op; {@code children} and {@code backward} are filled while nesting. */
  private static final class Event {
    private final String name;
    private final double ts;
    private final double dur;
    double children;
    boolean backward;

    Event(String name, double ts, double dur) {
      this.name = name;
      this.ts = ts;
      this.dur = dur;
    }

    String name() {
      return name;
    }

    double ts() {
      return ts;
    }

    double dur() {
      return dur;
    }

    double end() {
      return ts + dur;
    }
  }
}
