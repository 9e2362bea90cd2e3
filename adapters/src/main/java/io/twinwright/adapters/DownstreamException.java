package io.twinwright.adapters;

/**
 * Why a {@link Downstream} did not take a message, as a Hono-style status code: 4xx means the
 * message itself is at fault and resending it will not help (400 payload rejected), 5xx means the
 * platform cannot take it right now (503 overloaded or unavailable).
 */
public final class DownstreamException extends RuntimeException {

  public static final int PAYLOAD_REJECTED = 400;
  public static final int UNAVAILABLE = 503;

  private final int status;

  public DownstreamException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be a 4xx or 5xx code: " + status);
    }
    this.status = status;
  }

  public static DownstreamException rejected(String message) {
    return new DownstreamException(PAYLOAD_REJECTED, message);
  }

  public static DownstreamException unavailable(String message) {
    return new DownstreamException(UNAVAILABLE, message);
  }

  public int status() {
    return status;
  }

  /** True when the message itself is at fault: the device must not simply send it again. */
  public boolean isClientError() {
    return status < 500;
  }

  /** The status of any downstream failure: a {@link DownstreamException}'s own, else 503. */
  public static int statusOf(Throwable failure) {
    return failure instanceof DownstreamException e ? e.status() : UNAVAILABLE;
  }
}
