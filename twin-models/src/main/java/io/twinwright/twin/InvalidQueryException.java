package io.twinwright.twin;

/** A search filter that is not valid RQL. The message says what is wrong, for the client. */
public final class InvalidQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
