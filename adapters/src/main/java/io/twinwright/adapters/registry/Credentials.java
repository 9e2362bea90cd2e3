package io.twinwright.adapters.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Credentials as the registry stores them: passwords only as hashes; pre-shared keys as they are,
 * since the DTLS handshake needs the key itself.
 */
public record Credentials(String type, String authId, boolean enabled, List<Secret> secrets) {

  public Credentials {
    Objects.requireNonNull(type, "type");
    if (CredentialSpec.X509_CERT.equals(type)) {
      authId = subjectDn(authId);
    } else {
      checkAuthId(authId);
    }
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
    Class<? extends Secret> kind =
        CredentialSpec.PSK.equals(type) ? PreSharedKey.class : PasswordHash.class;
    if (!secrets.stream().allMatch(kind::isInstance)) {
      throw new IllegalArgumentException(type + " credentials hold only " + kind.getSimpleName());
    }
  }

  /** True if the password matches one of the secrets; each check runs in constant time. */
  public boolean matches(String password) {
    boolean matched = false;
    // every secret is checked, so the time taken does not reveal which one matched
    for (Secret secret : secrets) {
      if (secret instanceof PasswordHash hash) {
        matched |= hash.matches(password);
      }
    }
    return matched;
  }

  /**
   * The pre-shared key of {@code psk} credentials. A DTLS handshake names no key, only the
   * identity, so of several keys only the first is used.
   */
  public Optional<PreSharedKey> presharedKey() {
    return secrets.stream()
        .filter(PreSharedKey.class::isInstance)
        .map(PreSharedKey.class::cast)
        .findFirst();
  }

  /** A subject DN in RFC 2253 form, so that equal names compare equal however they were written. */
  static String subjectDn(String authId) {
    Objects.requireNonNull(authId, "authId");
    if (authId.isBlank()) {
      throw new IllegalArgumentException("the auth-id of x509-cert credentials is a subject DN");
    }
    try {
      return new X500Principal(authId).getName(X500Principal.RFC2253);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a subject DN: " + authId, e);
    }
  }

  static void checkAuthId(String authId) {
    Objects.requireNonNull(authId, "authId");
    if (authId.isBlank()
        || authId.contains(":")
        || authId.chars().anyMatch(Character::isISOControl)) {
      // ':' would break HTTP Basic auth, where it separates the user name from the password
      throw new IllegalArgumentException("invalid auth-id: " + authId);
    }
  }
}
