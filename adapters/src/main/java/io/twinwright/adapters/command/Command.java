package io.twinwright.adapters.command;

import io.twinwright.twin.DeviceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A command on its way to a device.
 *
 * @param id the outbox's id of the command, unique and increasing per device (delivery order)
 * @param device the device that executes the command
 * @param name the command name (Hono's {@code subject}), e.g. {@code firmware.update}
 * @param requestId present for request/response commands: the device answers on {@code
 *     command///res/<requestId>/<status>}; empty for one-way commands
 * @param contentType the payload's content type
 * @param payload the command's payload, possibly empty
 * @param expires when the command is dropped if no device took it
 */
public record Command(
    long id,
    DeviceId device,
    String name,
    Optional<String> requestId,
    String contentType,
    byte[] payload,
    Instant expires) {

  public Command {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(expires, "expires");
    if (name.isBlank() || name.contains("/") || name.contains("+") || name.contains("#")) {
      throw new IllegalArgumentException("invalid command name: '" + name + "'");
    }
  }

  public boolean oneWay() {
    return requestId.isEmpty();
  }
}
