package dev.lag.selector;

import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.trajectory.Point;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Wraps a candidate trainer so that every reported step is also written to {@code metrics.jsonl}
 * with its {@code candidate} and {@code stage}, and each training call is announced.
 */
public final class RecordingTrainer implements CandidateTrainer {
  private final CandidateTrainer inner;
  private final MetricsWriter metrics;
  private final int stage;
  private final PrintWriter progress;

  /**
   * @param inner the trainer that trains
   * @param metrics where step lines go
   * @param stage the growth stage, written on every line
   * @param progress where "training X: steps a -> b" lines go
   */
  public RecordingTrainer(
      CandidateTrainer inner, MetricsWriter metrics, int stage, PrintWriter progress) {
    this.inner = inner;
    this.metrics = metrics;
    this.stage = stage;
    this.progress = progress;
  }

  @Override
  public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
    progress.printf(Locale.ROOT, "training %s: steps %d -> %d%n", candidate.name(), from, until);
    progress.flush();
    inner.train(
        candidate,
        from,
        until,
        point -> {
          write(metrics, candidate.name(), stage, point);
          report.accept(point);
        });
  }

  @Override
  public void trainAll(List<Request> requests, BiConsumer<String, Point> report) {
    for (Request r : requests) {
      progress.printf(
          Locale.ROOT, "training %s: steps %d -> %d%n", r.candidate().name(), r.from(), r.until());
    }
    progress.flush();
    inner.trainAll(
        requests,
        (name, point) -> {
          write(metrics, name, stage, point);
          report.accept(name, point);
        });
  }

  /** Writes one step of {@code name} (a candidate or a schedule) at a stage to {@code metrics}. */
  public static void write(MetricsWriter metrics, String name, int stage, Point point) {
    Map<String, Object> labels = new LinkedHashMap<>(); // fixed field order in every line
    labels.put("candidate", name);
    labels.put("stage", stage);
    metrics.write(line(point), labels);
  }

  /** One metrics line: absent values left out, a diverged step flagged. */
  static Map<String, Object> line(Point p) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("step", p.step());
    if (Double.isFinite(p.tokens())) {
      l.put("tokens", (long) p.tokens()); // a count, written like lag train writes it
    }
    put(l, "flops", p.flops());
    put(l, "trainLoss", p.trainLoss());
    put(l, "evalLoss", p.evalLoss());
    put(l, "primitives", p.primitives());
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
}
