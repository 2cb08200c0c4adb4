package dev.lag.selector;

import dev.lag.analysis.io.MetricsLines;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.trajectory.Point;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Wraps a candidate trainer so that every reported step is also written to {@code metrics.jsonl}
 * with its {@code candidate} and {@code stage}, and each training call is announced.
 *
 * @param inner the trainer that trains
 * @param metrics where step lines go
 * @param stage the growth stage, written on every line
 * @param progress where "training X: steps a -> b" lines go
 */
public record RecordingTrainer(
    CandidateTrainer inner, MetricsWriter metrics, int stage, PrintWriter progress)
    implements WindowTrainer {

  @Override
  public void train(Window w, Consumer<Point> report) {
    announce(w);
    progress.flush();
    inner.train(
        w,
        point -> {
          write(metrics, w.candidate().name(), stage, w.replica(), point);
          report.accept(point);
        });
  }

  @Override
  public void trainAll(List<Window> windows, BiConsumer<Window, Point> report) {
    windows.forEach(this::announce);
    progress.flush();
    inner.trainAll(
        windows,
        (w, point) -> {
          write(metrics, w.candidate().name(), stage, w.replica(), point);
          report.accept(w, point);
        });
  }

  private void announce(Window w) {
    if (w.until() == 0) {
      // A window to step 0 trains nothing: it measures the candidate right after growth.
      progress.printf(
          Locale.ROOT,
          "measuring %s%s at growth%n",
          w.candidate().name(),
          w.replica() == 0 ? "" : " (replica " + w.replica() + ")");
      return;
    }
    progress.printf(
        Locale.ROOT,
        "training %s%s: steps %d -> %d%s%n",
        w.candidate().name(),
        w.replica() == 0 ? "" : " (replica " + w.replica() + ")",
        w.from(),
        w.until(),
        w.cooldowns().isEmpty() ? "" : ", then cooldown probes of " + w.cooldowns() + " steps");
  }

  /** Writes one step of {@code name} (a candidate or a schedule) at a stage to {@code metrics}. */
  public static void write(MetricsWriter metrics, String name, int stage, Point point) {
    write(metrics, name, stage, 0, point);
  }

  /** Writes one step of one replica of {@code name} at a stage to {@code metrics}. */
  public static void write(
      MetricsWriter metrics, String name, int stage, int replica, Point point) {
    metrics.write(MetricsLines.of(name, stage, replica, point), Map.of());
  }
}
