package io.twinwright.adapters.registry;

import java.util.Base64;
import java.util.Objects;

/**
 * A DTLS pre-shared key, Hono's {@code psk} secret {@code {"key": "<Base64>"}}.
 *
 * <p>Unlike a password it cannot be stored as a hash: both ends of the DTLS handshake need the key
 * itself, so the registry keeps it retrievable. Whoever can read the registry's database can
 * impersonate PSK devices; protect the database accordingly.
 *
 * @param key the key, Base64
 */
public record PreSharedKey(String key) implements Secret {

  /** Shorter keys are guessable; RFC 4279 devices typically use 16 bytes or more. */
  public static final int MIN_BYTES = 8;

  /**
   * The most a PSK may have in a DTLS ClientKeyExchange (RFC 4279: up to 2^16-1, in practice 64).
   */
  public static final int MAX_BYTES = 64;

  public PreSharedKey {
    Objects.requireNonNull(key, "key");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("psk key is not valid Base64", e);
    }
    if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "psk key must have " + MIN_BYTES + ".." + MAX_BYTES + " bytes, has " + bytes.length);
    }
  }

  public static PreSharedKey of(byte[] key) {
    return new PreSharedKey(Base64.getEncoder().encodeToString(key));
  }

  /** A fresh copy of the key's bytes. */
  public byte[] bytes() {
    return Base64.getDecoder().decode(key);
  }

  @Override
  public String toString() {
    return "PreSharedKey[***]";
  }
}
