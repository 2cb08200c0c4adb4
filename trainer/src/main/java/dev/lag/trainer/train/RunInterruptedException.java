package dev.lag.trainer.train;

/**
 * Training stopped because a {@link StopRequest} was raised: not a failure. What was finished is
 * kept, and the command can be resumed; the CLI prints this one line and exits with 130.
 */
public final class RunInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An interruption, with what was kept and how to continue. */
  public RunInterruptedException(String message) {
    super(message);
  }
}
