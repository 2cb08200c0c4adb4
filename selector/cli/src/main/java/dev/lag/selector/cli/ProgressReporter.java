package dev.lag.selector.cli;

import dev.lag.trainer.train.StepListener;
import dev.lag.trainer.train.StepRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a live bar (step, loss, tokens/s, ETA) on a terminal, and plain lines
 * about every tenth of the run otherwise (logs, CI), so that output stays readable in files.
 */
final class ProgressReporter implements StepListener, AutoCloseable {
  private final PrintStream out;
  private final long total;
  private final long tokensPerStep;
  private final ProgressBar bar;
  private final long lineEvery;
  private final long startNanos = System.nanoTime();
  private long firstStep = -1;

  ProgressReporter(String task, long totalSteps, long tokensPerStep, PrintStream out) {
    this.out = out;
    this.total = totalSteps;
    this.tokensPerStep = tokensPerStep;
    this.lineEvery = Math.max(1, totalSteps / 10);
    this.bar =
        System.console() == null
            ? null
            : new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setUnit(" steps", 1)
                .build();
  }

  @Override
  public void onStep(StepRecord r) {
    if (firstStep < 0) {
      firstStep = r.step();
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double tokensPerSecond = (r.step() - firstStep) * tokensPerStep / Math.max(seconds, 1e-9);
    String loss = r.trainLoss() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.trainLoss());
    String eval =
        r.evalLoss() == null ? "" : String.format(Locale.ROOT, " eval %.4f", r.evalLoss());
    if (bar != null) {
      bar.stepTo(r.step());
      bar.setExtraMessage(
          String.format(Locale.ROOT, " loss %s%s %.0f tok/s", loss, eval, tokensPerSecond));
    } else if (r.step() % lineEvery == 0 || r.step() == total || r.evalLoss() != null) {
      long remaining =
          (long) ((total - r.step()) * tokensPerStep / Math.max(tokensPerSecond, 1e-9));
      out.printf(
          Locale.ROOT,
          "step %d/%d  loss %s%s  %.0f tok/s  eta %s%n",
          r.step(),
          total,
          loss,
          eval,
          tokensPerSecond,
          r.step() == firstStep ? "-" : format(Duration.ofSeconds(remaining)));
    }
  }

  private static String format(Duration d) {
    return d.toHours() > 0
        ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
