package dev.lag.analysis.io;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run stands, as {@code run.json} says it: the one place these words are spelled. */
public enum RunStatus {
  /** Still running; a run left so was killed (kill -9) and can be resumed. */
  RUNNING,
  /** Every configured step ran. */
  COMPLETED,
  /** The loss or gradient became NaN or infinite; the step that did it is recorded. */
  DIVERGED,
  /** A listener or policy asked to stop early. */
  STOPPED,
  /** A signal (SIGTERM, Ctrl-C) stopped it between two steps; it can be resumed. */
  INTERRUPTED,
  /** A selection served over HTTP that still takes reports. */
  OPEN;

  /** The lower-case name used in run records. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a record's label names; null for a label lag does not write. */
  public static RunStatus ofLabel(String label) {
    for (RunStatus s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    return null;
  }

  /** Whether {@code --resume} can continue a run that stands so. */
  public boolean resumable() {
    return this == RUNNING || this == INTERRUPTED;
  }
}
