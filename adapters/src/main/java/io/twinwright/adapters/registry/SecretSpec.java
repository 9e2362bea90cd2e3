package io.twinwright.adapters.registry;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A password secret as a client writes it: either in plain text (Hono's {@code pwd-plain}), which
 * the registry hashes before storing, or already hashed (Hono's {@code pwd-hash}, {@code
 * hash-function}, {@code salt}).
 */
public sealed interface SecretSpec {

  /** The hash to store: plain passwords are hashed with PBKDF2, given hashes kept as they are. */
  PasswordHash toHash(int iterations, SecureRandom random);

  static SecretSpec plain(String password) {
    return new Plain(password);
  }

  static SecretSpec hashed(PasswordHash hash) {
    return new Hashed(hash);
  }

  /** A plain-text password; it is never stored. */
  record Plain(String password) implements SecretSpec {
    public Plain {
      Objects.requireNonNull(password, "password");
      if (password.isEmpty()) {
        throw new IllegalArgumentException("pwd-plain must not be empty");
      }
    }

    @Override
    public PasswordHash toHash(int iterations, SecureRandom random) {
      return PasswordHash.pbkdf2(password, iterations, random);
    }

    @Override
    public String toString() {
      return "Plain[password=***]";
    }
  }

  /** A password hash computed elsewhere, stored as given. */
  record Hashed(PasswordHash hash) implements SecretSpec {
    public Hashed {
      Objects.requireNonNull(hash, "hash");
    }

    @Override
    public PasswordHash toHash(int iterations, SecureRandom random) {
      return hash;
    }
  }
}
