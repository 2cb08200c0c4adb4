package dev.lag.trainer.train;

/**
 * A process-wide request to stop training at the next step boundary: what SIGTERM and Ctrl-C raise
 * (through the CLI's shutdown hook; a program that embeds lag may raise it itself). Every training
 * loop checks it before each step, so a stopped run ends between two steps and keeps what it has:
 * {@code lag train} saves its checkpoint and a run of candidate windows its finished windows, and
 * {@code --resume} continues from there.
 */
public final class StopRequest {
  private static volatile String reason;

  private StopRequest() {}

  /** Asks every training loop of this process to stop before its next step. */
  public static void raise(String why) {
    reason = why;
  }

  /** Whether a stop was asked for. */
  public static boolean raised() {
    return reason != null;
  }

  /** Why, as given to {@link #raise}; null when none was. */
  public static String reason() {
    return reason;
  }

  /** Withdraws the request (a test that raised it, a program that handled it). */
  public static void clear() {
    reason = null;
  }
}
