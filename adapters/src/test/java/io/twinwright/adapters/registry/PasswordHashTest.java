package io.twinwright.adapters.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void pbkdf2_hash_matches_only_its_password() {
    PasswordHash hash = PasswordHash.pbkdf2("s3cret", 1000, random);
    assertThat(hash.hashFunction()).isEqualTo(PasswordHash.PBKDF2_SHA256);
    assertThat(hash.matches("s3cret")).isTrue();
    assertThat(hash.matches("s3cret ")).isFalse();
    assertThat(hash.matches("")).isFalse();
  }

  @Test
  void pbkdf2_salts_every_hash() {
    assertThat(PasswordHash.pbkdf2("same", 1000, random).pwdHash())
        .isNotEqualTo(PasswordHash.pbkdf2("same", 1000, random).pwdHash());
  }

  @Test
  void sha_hashes_cover_salt_then_password_like_hono() throws Exception {
    byte[] salt = "pepper".getBytes(StandardCharsets.UTF_8);
    MessageDigest digest = MessageDigest.getInstance("SHA-512");
    digest.update(salt);
    String expected =
        Base64.getEncoder().encodeToString(digest.digest("pw".getBytes(StandardCharsets.UTF_8)));

    PasswordHash given =
        new PasswordHash(
            PasswordHash.SHA_512, Base64.getEncoder().encodeToString(salt), expected, 0);

    assertThat(given.matches("pw")).isTrue();
    assertThat(given.matches("pW")).isFalse();
  }

  @Test
  void rejects_unsupported_hash_functions_and_bad_base64() {
    assertThatThrownBy(() -> new PasswordHash("bcrypt", "", "$2a$10$abc", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported hash-function bcrypt");
    assertThatThrownBy(() -> new PasswordHash(PasswordHash.SHA_256, "", "not base64!", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pwd-hash");
  }

  @Test
  void rejects_pbkdf2_with_too_few_iterations() {
    PasswordHash good = PasswordHash.pbkdf2("pw", 1000, random);
    assertThatThrownBy(() -> new PasswordHash(good.hashFunction(), good.salt(), good.pwdHash(), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iterations");
  }

  @Test
  void never_prints_the_hash() {
    PasswordHash hash = PasswordHash.pbkdf2("pw", 1000, random);
    assertThat(hash.toString()).doesNotContain(hash.pwdHash()).doesNotContain(hash.salt());
    assertThat(SecretSpec.plain("topsecret").toString()).doesNotContain("topsecret");
  }
}
