package dev.lag.selector.serve;

/** A request the service refuses, with the HTTP status and a message that names the problem. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the HTTP status (4xx)
   * @param message what was wrong, naming the field or path
   */
  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
