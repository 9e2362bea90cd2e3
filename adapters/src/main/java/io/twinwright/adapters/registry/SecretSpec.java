package io.twinwright.adapters.registry;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A secret as a client writes it: a password in plain text (Hono's {@code pwd-plain}), which the
 * registry hashes before storing, a password already hashed (Hono's {@code pwd-hash}, {@code
 * hash-function}, {@code salt}), or a pre-shared key (Hono's {@code key}), stored as given.
 */
public sealed interface SecretSpec {

  /** The secret to store: plain passwords are hashed with PBKDF2, the others kept as they are. */
  Secret toStored(int iterations, SecureRandom random);

  static SecretSpec plain(String password) {
    return new Plain(password);
  }

  static SecretSpec hashed(PasswordHash hash) {
    return new Hashed(hash);
  }

  static SecretSpec psk(PreSharedKey key) {
    return new Psk(key);
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
    public PasswordHash toStored(int iterations, SecureRandom random) {
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
    public PasswordHash toStored(int iterations, SecureRandom random) {
      return hash;
    }
  }

  /** A DTLS pre-shared key, stored as given (it must stay retrievable for the handshake). */
  record Psk(PreSharedKey key) implements SecretSpec {
    public Psk {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public PreSharedKey toStored(int iterations, SecureRandom random) {
      return key;
    }
  }
}
