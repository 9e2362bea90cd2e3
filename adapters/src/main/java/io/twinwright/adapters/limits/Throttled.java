package io.twinwright.adapters.limits;

import io.twinwright.twin.DeviceId;
import java.util.Objects;
import java.util.Optional;

/**
 * A login refused without checking its secret, after too many failures of its auth-id or host.
 *
 * @param device the device the auth-id belonged to in an earlier failure, when known
 */
public record Throttled(Optional<DeviceId> device) {
  public Throttled {
    Objects.requireNonNull(device, "device");
  }
}
