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

  /**
   * A client certificate: the auth-id is the certificate's subject DN (normalised to RFC 2253), no
   * secrets; the certificate must chain to one of the tenant's trusted CAs.
   */
  public static final String X509_CERT = "x509-cert";

  public CredentialSpec {
    Objects.requireNonNull(type, "type");
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
    if (X509_CERT.equals(type)) {
      authId = Credentials.subjectDn(authId);
      if (!secrets.isEmpty()) {
        throw new IllegalArgumentException("x509-cert credentials have no secrets: " + authId);
      }
    } else if (!HASHED_PASSWORD.equals(type)) {
      throw new IllegalArgumentException("unsupported credentials type: " + type);
    } else {
      Credentials.checkAuthId(authId);
    }
    if (HASHED_PASSWORD.equals(type) && secrets.isEmpty()) {
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
}
