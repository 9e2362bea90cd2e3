package io.twinwright.adapters.registry;

/**
 * A registry operation that cannot be carried out, with the status Hono's management API answers
 * with: 400 invalid request, 404 not found, 409 conflict, 503 storage unavailable.
 */
public final class RegistryException extends RuntimeException {

  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int UNAVAILABLE = 503;

  private final int status;

  public RegistryException(int status, String message) {
    super(message);
    this.status = status;
  }

  public RegistryException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
