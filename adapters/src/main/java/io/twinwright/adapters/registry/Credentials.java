package io.twinwright.adapters.registry;

import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/** Credentials as the registry stores them: secrets only as hashes. */
public record Credentials(String type, String authId, boolean enabled, List<PasswordHash> secrets) {

  public Credentials {
    Objects.requireNonNull(type, "type");
    if (CredentialSpec.X509_CERT.equals(type)) {
      authId = subjectDn(authId);
    } else {
      checkAuthId(authId);
    }
    secrets = List.copyOf(Objects.requireNonNull(secrets, "secrets"));
  }

  /** True if the password matches one of the secrets; each check runs in constant time. */
  public boolean matches(String password) {
    boolean matched = false;
    // every secret is checked, so the time taken does not reveal which one matched
    for (PasswordHash secret : secrets) {
      matched |= secret.matches(password);
    }
    return matched;
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
