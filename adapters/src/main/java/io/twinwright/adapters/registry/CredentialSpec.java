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

  /**
   * A client certificate: the auth-id is the certificate's subject DN (normalised to RFC 2253), no
   * secrets; the certificate must chain to one of the tenant's trusted CAs.
   */
  public static final String X509_CERT = "x509-cert";

  public CredentialSpec {
    Objects.requireNonNull(type, "type");
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
    switch (type) {
      case X509_CERT -> {
        authId = Credentials.subjectDn(authId);
        if (!secrets.isEmpty()) {
          throw new IllegalArgumentException("x509-cert credentials have no secrets: " + authId);
        }
      }
      case HASHED_PASSWORD -> {
        Credentials.checkAuthId(authId);
        requireSecrets(authId, secrets);
        if (secrets.stream().anyMatch(SecretSpec.Psk.class::isInstance)) {
          throw new IllegalArgumentException("hashed-password secrets need pwd-plain or pwd-hash");
        }
      }
      case PSK -> {
        Credentials.checkAuthId(authId);
        requireSecrets(authId, secrets);
        if (!secrets.stream().allMatch(SecretSpec.Psk.class::isInstance)) {
          throw new IllegalArgumentException("psk secrets need a key");
        }
      }
      default -> throw new IllegalArgumentException("unsupported credentials type: " + type);
    }
  }

  private static void requireSecrets(String authId, List<SecretSpec> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("credentials need at least one secret: " + authId);
    }
  }

  /** Enabled {@code x509-cert} credentials for a certificate subject DN. */
  public static CredentialSpec certificate(String subjectDn) {
    return new CredentialSpec(X509_CERT, subjectDn, true, List.of());
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
