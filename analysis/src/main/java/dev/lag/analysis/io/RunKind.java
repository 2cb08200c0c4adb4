package dev.lag.analysis.io;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which command wrote a run directory, as {@code run.json} says it. */
public enum RunKind {
  /** {@code lag train}: one model trained from scratch or a checkpoint. */
  TRAIN,
  /** {@code lag select}: LAG at one growth point. */
  SELECT,
  /** {@code lag serve}: one selection that a training loop reports to over HTTP. */
  SERVE,
  /** {@code lag study}: every candidate of a growth point trained to the end of its stage. */
  STUDY,
  /** {@code lag stack} and {@code lag demo}: adaptive gradual stacking over several stages. */
  STACK;

  /** The lower-case name used in run records. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
