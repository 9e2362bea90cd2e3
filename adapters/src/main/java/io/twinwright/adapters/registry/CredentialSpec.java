package io.twinwright.adapters.registry;

import java.util.List;
import java.util.Objects;

/**
 * One set of credentials as a client writes it, in the shape of Hono's management API: {@code
 * {"type": "hashed-password", "auth-id": "...", "enabled": true, "secrets": [...]}}. A device logs
 * in as {@code auth-id@tenant} with any of the secrets: a password for {@value #HASHED_PASSWORD}
 * (MQTT, HTTP), a DTLS pre-shared key for {@value #PSK} (CoAP over DTLS).
 */
public record CredentialSpec(
    String type, String authId, boolean enabled, List<SecretSpec> secrets) {

  public static final String HASHED_PASSWORD = "hashed-password";
  public static final String PSK = "psk";

  public CredentialSpec {
    Objects.requireNonNull(type, "type");
    Credentials.checkAuthId(authId);
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("credentials need at least one secret: " + authId);
    }
    switch (type) {
      case HASHED_PASSWORD -> {
        if (secrets.stream().anyMatch(SecretSpec.Psk.class::isInstance)) {
          throw new IllegalArgumentException("hashed-password secrets need pwd-plain or pwd-hash");
        }
      }
      case PSK -> {
        if (!secrets.stream().allMatch(SecretSpec.Psk.class::isInstance)) {
          throw new IllegalArgumentException("psk secrets need a key");
        }
      }
      default -> throw new IllegalArgumentException("unsupported credentials type: " + type);
    }
  }

  /** Enabled {@code hashed-password} credentials with one plain-text password. */
  public static CredentialSpec password(String authId, String password) {
    return new CredentialSpec(HASHED_PASSWORD, authId, true, List.of(SecretSpec.plain(password)));
  }

  /** Enabled {@code psk} credentials with one key. */
  public static CredentialSpec psk(String authId, byte[] key) {
    return new CredentialSpec(PSK, authId, true, List.of(SecretSpec.psk(PreSharedKey.of(key))));
  }
}
