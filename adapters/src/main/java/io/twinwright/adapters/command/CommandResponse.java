package io.twinwright.adapters.command;

import io.twinwright.twin.DeviceId;
import java.util.Objects;

/**
 * A device's answer to a request/response command.
 *
 * @param device the device that answered (a gateway may answer for one of its devices)
 * @param requestId the request id the command carried
 * @param status the device's status code, an HTTP status (200–599)
 * @param contentType the payload's content type
 * @param payload the response payload, possibly empty
 */
public record CommandResponse(
    DeviceId device, String requestId, int status, String contentType, byte[] payload) {

  public CommandResponse {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(payload, "payload");
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200..599: " + status);
    }
  }
}
