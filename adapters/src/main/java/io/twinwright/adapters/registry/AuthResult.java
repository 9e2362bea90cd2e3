package io.twinwright.adapters.registry;

import io.twinwright.twin.DeviceId;
import java.util.Objects;
import java.util.Optional;

/** The outcome of a login: the authenticated device, or why it was refused. */
public sealed interface AuthResult {

  /** The device the credentials belong to, when they belong to a known one. */
  Optional<DeviceId> device();

  /**
   * @param provisioned the device was registered by this login (a client certificate of a CA with
   *     auto-provisioning)
   */
  record Authenticated(DeviceId id, Registration registration, boolean provisioned)
      implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(registration, "registration");
    }

    public Authenticated(DeviceId id, Registration registration) {
      this(id, registration, false);
    }

    @Override
    public Optional<DeviceId> device() {
      return Optional.of(id);
    }
  }

  record Refused(AuthFailure reason, Optional<DeviceId> device) implements AuthResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(device, "device");
    }
  }
}
