package io.twinwright.adapters.registry;

import java.util.List;
import java.util.Objects;

/** Credentials as the registry stores them: secrets only as hashes. */
public record Credentials(String type, String authId, boolean enabled, List<PasswordHash> secrets) {

  public Credentials {
    Objects.requireNonNull(type, "type");
    checkAuthId(authId);
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
