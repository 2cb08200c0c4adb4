package dev.lag.analysis.io;

/** Names of the files in a run directory, documented in the README's "Run records" section. */
public final class RunFiles {
  /** Config, provenance, status and summary of the run. */
  public static final String RUN = "run.json";

  /** One JSON object per logged step. */
  public static final String METRICS = "metrics.jsonl";

  /** The latest checkpoint directory. */
  public static final String CHECKPOINT = "checkpoint";

  /** Version of the run.json layout. */
  public static final int SCHEMA_VERSION = 1;

  private RunFiles() {}
}
