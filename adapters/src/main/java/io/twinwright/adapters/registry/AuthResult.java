package io.twinwright.adapters.registry;

import io.twinwright.twin.DeviceId;
import java.util.Objects;
import java.util.Optional;

/** The outcome of a login: the authenticated device, or why it was refused. */
public sealed interface AuthResult {

  /** The device the credentials belong to, when they belong to a known one. */
  Optional<DeviceId> device();

  record Authenticated(DeviceId id, Registration registration) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(registration, "registration");
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
