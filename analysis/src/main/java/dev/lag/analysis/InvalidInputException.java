package dev.lag.analysis;

/**
 * A user mistake: a bad config value, a missing file, a malformed log. The message names the field
 * or file and the offending value, so the CLI can print it as one line and exit with code 2.
 * Programming errors must never use this type.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an error whose message is shown to the user as is. */
  public InvalidInputException(String message) {
    super(message);
  }

  /** Creates an error caused by a lower-level failure (an I/O error, a parse error). */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An error about one named field: {@code field=value: reason}. */
  public static InvalidInputException field(String field, Object value, String reason) {
    return new InvalidInputException(field + "=" + value + ": " + reason);
  }
}
