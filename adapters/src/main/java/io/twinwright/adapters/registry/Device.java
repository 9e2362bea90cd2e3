package io.twinwright.adapters.registry;

import io.twinwright.twin.DeviceId;
import java.util.Objects;

/**
 * A registered device.
 *
 * @param quarantined set by the security response; a quarantined device is refused until an
 *     operator releases it, whatever its registration says
 */
public record Device(DeviceId id, Registration registration, boolean quarantined) {

  public Device {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(registration, "registration");
  }

  public Device withRegistration(Registration registration) {
    return new Device(id, registration, quarantined);
  }

  public Device withQuarantined(boolean quarantined) {
    return new Device(id, registration, quarantined);
  }
}
