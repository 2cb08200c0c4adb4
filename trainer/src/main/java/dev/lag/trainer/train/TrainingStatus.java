package dev.lag.trainer.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a training run ended. */
public enum TrainingStatus {
  /** Still running (as written in {@code run.json} while training). */
  RUNNING,
  /** Every configured step ran. */
  COMPLETED,
  /** The loss or gradient became NaN or infinite; the step that did it is recorded. */
  DIVERGED,
  /** A listener or policy asked to stop early. */
  STOPPED,
  /** A {@link StopRequest} (SIGTERM, Ctrl-C) stopped it between two steps; it can be resumed. */
  INTERRUPTED;

  /** The lower-case name used in run records. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
