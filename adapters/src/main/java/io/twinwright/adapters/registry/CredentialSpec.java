package io.twinwright.adapters.registry;

import java.util.List;
import java.util.Objects;

/**
 * One set of credentials as a client writes it, in the shape of Hono's management API: {@code
 * {"type": "hashed-password", "auth-id": "...", "enabled": true, "secrets": [...]}}. A device logs
 * in as {@code auth-id@tenant} with any of the secrets.
 */
public record CredentialSpec(
    String type, String authId, boolean enabled, List<SecretSpec> secrets) {

  public static final String HASHED_PASSWORD = "hashed-password";

  public CredentialSpec {
    Objects.requireNonNull(type, "type");
    if (!HASHED_PASSWORD.equals(type)) {
      throw new IllegalArgumentException("unsupported credentials type: " + type);
    }
    Credentials.checkAuthId(authId);
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("credentials need at least one secret: " + authId);
    }
  }

  /** Enabled {@code hashed-password} credentials with one plain-text password. */
  public static CredentialSpec password(String authId, String password) {
    return new CredentialSpec(HASHED_PASSWORD, authId, true, List.of(SecretSpec.plain(password)));
  }
}
