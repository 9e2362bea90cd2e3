package io.twinwright.adapters;

/** Content types the adapters treat specially, shared by every protocol. */
public final class ContentTypes {

  /** Assumed when a device declares none: vendor payloads are JSON unless a profile says not. */
  public static final String DEFAULT = "application/json";

  /**
   * Hono's marker for a message without payload (e.g. "I am still here" with a {@code ttd}); the
   * only content type for which an empty payload is accepted.
   */
  public static final String EMPTY_NOTIFICATION = "application/vnd.eclipse-hono-empty-notification";

  private ContentTypes() {}

  /** True if a message with this content type and payload length makes sense to forward. */
  public static boolean acceptsPayload(String contentType, int payloadLength) {
    return payloadLength > 0 || EMPTY_NOTIFICATION.equals(contentType);
  }
}
