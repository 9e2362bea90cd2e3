package io.twinwright.adapters.registry;

import io.twinwright.adapters.AdapterConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * One stored password secret: Hono's {@code hash-function}, {@code salt} and {@code pwd-hash} (both
 * Base64), plus the iteration count that PBKDF2 needs.
 *
 * <p>New secrets are hashed with {@value #PBKDF2_SHA256}. Hashes written by clients may also use
 * Hono's salted {@value #SHA_256} and {@value #SHA_512}, where the digest covers the salt bytes
 * followed by the UTF-8 password bytes. Hono's {@code bcrypt} is not supported (the JDK has no
 * implementation).
 *
 * @param iterations PBKDF2 iterations; 0 for the SHA functions
 */
public record PasswordHash(String hashFunction, String salt, String pwdHash, int iterations)
    implements Secret {

  public static final String PBKDF2_SHA256 = "pbkdf2-sha256";
  public static final String SHA_256 = "sha-256";
  public static final String SHA_512 = "sha-512";
  public static final Set<String> HASH_FUNCTIONS = Set.of(PBKDF2_SHA256, SHA_256, SHA_512);

  private static final int SALT_BYTES = 16;
  private static final int PBKDF2_KEY_BITS = 256;

  public PasswordHash {
    Objects.requireNonNull(hashFunction, "hashFunction");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(pwdHash, "pwdHash");
    if (!HASH_FUNCTIONS.contains(hashFunction)) {
      throw new IllegalArgumentException(
          "unsupported hash-function " + hashFunction + ", expected one of " + HASH_FUNCTIONS);
    }
    byte[] hash = decode("pwd-hash", pwdHash);
    byte[] saltBytes = decode("salt", salt);
    if (hash.length != expectedLength(hashFunction)) {
      throw new IllegalArgumentException(
          "pwd-hash has "
              + hash.length
              + " bytes, "
              + hashFunction
              + " gives "
              + expectedLength(hashFunction));
    }
    if (PBKDF2_SHA256.equals(hashFunction)) {
      if (iterations < AdapterConfig.MIN_PASSWORD_HASH_ITERATIONS) {
        throw new IllegalArgumentException(
            "pbkdf2 needs at least " + AdapterConfig.MIN_PASSWORD_HASH_ITERATIONS + " iterations");
      }
      if (saltBytes.length < 8) {
        throw new IllegalArgumentException("pbkdf2 needs a salt of at least 8 bytes");
      }
    } else if (iterations != 0) {
      throw new IllegalArgumentException(hashFunction + " takes no iterations");
    }
  }

  /** Hashes a plain-text password with PBKDF2-HMAC-SHA256 and a fresh random salt. */
  public static PasswordHash pbkdf2(String password, int iterations, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new PasswordHash(
        PBKDF2_SHA256,
        encode(salt),
        encode(compute(PBKDF2_SHA256, salt, iterations, password)),
        iterations);
  }

  /** Hashes a password the way Hono's salted SHA functions do; for clients and tests. */
  public static PasswordHash sha(String hashFunction, String password, byte[] salt) {
    if (PBKDF2_SHA256.equals(hashFunction)) {
      throw new IllegalArgumentException("use pbkdf2(...) for " + hashFunction);
    }
    return new PasswordHash(
        hashFunction, encode(salt), encode(compute(hashFunction, salt, 0, password)), 0);
  }

  /** True if the password hashes to this secret; the comparison takes constant time. */
  public boolean matches(String password) {
    Objects.requireNonNull(password, "password");
    byte[] expected = Base64.getDecoder().decode(pwdHash);
    byte[] actual = compute(hashFunction, Base64.getDecoder().decode(salt), iterations, password);
    return MessageDigest.isEqual(expected, actual);
  }

  @Override
  public String toString() {
    return "PasswordHash[" + hashFunction + ", iterations=" + iterations + "]";
  }

  private static byte[] compute(String function, byte[] salt, int iterations, String password) {
    try {
      switch (function) {
        case PBKDF2_SHA256 -> {
          char[] chars = password.toCharArray();
          PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, PBKDF2_KEY_BITS);
          try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(spec)
                .getEncoded();
          } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
          }
        }
        case SHA_256, SHA_512 -> {
          MessageDigest digest = MessageDigest.getInstance(function.toUpperCase());
          digest.update(salt);
          return digest.digest(password.getBytes(StandardCharsets.UTF_8));
        }
        default -> throw new IllegalArgumentException("unsupported hash-function " + function);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + function, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash with " + function, e);
    }
  }

  private static int expectedLength(String function) {
    return switch (function) {
      case SHA_512 -> 64;
      default -> 32;
    };
  }

  private static byte[] decode(String field, String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not valid Base64", e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
