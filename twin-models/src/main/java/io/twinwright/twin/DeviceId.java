package io.twinwright.twin;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device within a tenant. The device's twin has the Ditto thing id {@code <tenant>:<device>}: the
 * namespace is the tenant and the name is the device id.
 */
public record DeviceId(TenantId tenant, String id) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

  public DeviceId {
    Objects.requireNonNull(tenant, "tenant");
    if (!isValid(id)) {
      throw new IllegalArgumentException("invalid device id: " + id);
    }
  }

  public static DeviceId of(String tenant, String id) {
    return new DeviceId(TenantId.of(tenant), id);
  }

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** Parses a Ditto thing id {@code namespace:name}. */
  public static DeviceId ofThingId(String thingId) {
    int colon = thingId == null ? -1 : thingId.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid thing id (expected namespace:name): " + thingId);
    }
    return of(thingId.substring(0, colon), thingId.substring(colon + 1));
  }

  public String thingId() {
    return tenant.value() + ':' + id;
  }

  @Override
  public String toString() {
    return thingId();
  }
}
