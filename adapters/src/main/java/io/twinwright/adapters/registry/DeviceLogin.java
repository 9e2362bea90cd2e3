package io.twinwright.adapters.registry;

import io.twinwright.twin.TenantId;
import java.util.Objects;
import java.util.Optional;

/**
 * The user name a device logs in with, Hono style: {@code auth-id@tenant}. Tenant ids cannot
 * contain {@code @}, so the last {@code @} separates the two and auth-ids may contain {@code @}.
 */
public record DeviceLogin(TenantId tenant, String authId) {

  public DeviceLogin {
    Objects.requireNonNull(tenant, "tenant");
    Credentials.checkAuthId(authId);
  }

  /** Parses {@code auth-id@tenant}; empty when the user name does not have that shape. */
  public static Optional<DeviceLogin> parse(String username) {
    if (username == null) {
      return Optional.empty();
    }
    int at = username.lastIndexOf('@');
    if (at <= 0 || !TenantId.isValid(username.substring(at + 1))) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new DeviceLogin(TenantId.of(username.substring(at + 1)), username.substring(0, at)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String username() {
    return authId + '@' + tenant.value();
  }
}
