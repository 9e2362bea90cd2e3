package io.twinwright.api;

import java.util.Objects;

/**
 * A device's answer to a request/response command.
 *
 * @param status the device's status code (200..599), passed on to the application as is
 * @param contentType the payload's content type
 * @param payload the answer, possibly empty
 */
public record CommandReply(int status, String contentType, byte[] payload) {

  public CommandReply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(payload, "payload");
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200..599: " + status);
    }
  }
}
