package io.twinwright.adapters.command;

/**
 * Why a command could not be sent or answered, with the HTTP status that tells a client so: 400
 * invalid command, 404 no request with that id is waiting, 408 the device did not answer in time,
 * 503 the outbox cannot store it now.
 */
public final class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int INVALID = 400;
  public static final int NO_SUCH_REQUEST = 404;
  public static final int TIMEOUT = 408;
  public static final int UNAVAILABLE = 503;

  private final int status;

  public CommandException(int status, String message) {
    this(status, message, null);
  }

  public CommandException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The status of any failure: a {@link CommandException}'s own, else 503. */
  public static int statusOf(Throwable failure) {
    return failure instanceof CommandException e ? e.status : UNAVAILABLE;
  }
}
