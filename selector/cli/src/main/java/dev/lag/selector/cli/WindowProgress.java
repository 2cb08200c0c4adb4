package dev.lag.selector.cli;

import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.runners.CandidateTask;
import dev.lag.selector.runners.StepProgress;
import java.io.PrintWriter;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Plain progress lines inside long candidate windows, so that a study whose output goes to a log
 * shows it is alive: at most one line per tenth of a window and per {@value #QUIET_SECONDS}
 * seconds, so short windows (a selection's lag, the demo) print nothing beyond their start line.
 */
final class WindowProgress implements StepProgress {
  private static final double QUIET_SECONDS = 15;

  private final PrintWriter out;
  private final Map<CandidateTask, Window> windows = new IdentityHashMap<>();

  /** A window being trained: where it started, when the next line is due. */
  private static final class Window {
    final long first;
    final long started = System.nanoTime();
    long nextStep;
    long lastLine = System.nanoTime();
    boolean printed;

    Window(long first) {
      this.first = first;
      this.nextStep = first;
    }
  }

  WindowProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void step(CandidateTask task, Point p) {
    Window w = windows.computeIfAbsent(task, t -> new Window(p.step()));
    boolean last = p.step() >= task.until();
    if (last) {
      windows.remove(task);
    }
    long now = System.nanoTime();
    boolean due = p.step() >= w.nextStep && (now - w.lastLine) / 1e9 >= QUIET_SECONDS;
    if (!due && !(last && w.printed)) {
      return;
    }
    w.nextStep = p.step() + Math.max(1, (task.until() - w.first) / 10);
    w.lastLine = now;
    w.printed = true;
    out.printf(
        Locale.ROOT,
        "  %s: step %d/%d%s%s, %.0f s%n",
        task.name(),
        p.step(),
        task.until(),
        Double.isFinite(p.trainLoss())
            ? String.format(Locale.ROOT, ", loss %.4f", p.trainLoss())
            : "",
        Double.isFinite(p.evalLoss())
            ? String.format(Locale.ROOT, ", eval %.4f", p.evalLoss())
            : "",
        (now - w.started) / 1e9);
    out.flush();
  }
}
