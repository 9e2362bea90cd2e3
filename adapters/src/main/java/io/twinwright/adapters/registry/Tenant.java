package io.twinwright.adapters.registry;

import io.twinwright.twin.TenantId;
import java.util.Objects;

/** A tenant as the registry knows it. Devices of a disabled tenant cannot authenticate. */
public record Tenant(TenantId id, boolean enabled) {

  public Tenant {
    Objects.requireNonNull(id, "id");
  }

  public static Tenant enabled(TenantId id) {
    return new Tenant(id, true);
  }
}
