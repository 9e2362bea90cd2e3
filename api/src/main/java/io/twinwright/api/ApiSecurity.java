package io.twinwright.api;

import io.twinwright.adapters.registry.PasswordHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the API and how they prove it.
 *
 * @param required whether every route but {@code /health} needs credentials; without it every
 *     request acts unrestricted (development only)
 * @param users the HTTP Basic users by name
 * @param jwtSecret the HS256 secret bearer tokens are signed with; empty disables bearer tokens
 * @param jwtIssuer the subject issuer prefix of token subjects ({@code <issuer>:<sub>})
 */
public record ApiSecurity(
    boolean required, Map<String, ApiUser> users, Optional<String> jwtSecret, String jwtIssuer) {

  /**
   * One Basic user.
   *
   * @param name the user name; the subject id is {@code nginx:<name>}, as Ditto names users
   *     authenticated by its nginx
   * @param password the password hash
   * @param tenant the only tenant whose twins the user may reach; {@value #ALL_TENANTS} makes an
   *     administrator (operators only) who reaches every twin, whatever its policy says
   * @param operator whether the user may use the operator and device-management APIs
   */
  public record ApiUser(String name, PasswordHash password, String tenant, boolean operator) {
    public ApiUser {
      requireName(name, "user name");
      Objects.requireNonNull(password, "password");
      requireName(tenant, "tenant");
      if (ALL_TENANTS.equals(tenant) && !operator) {
        throw new IllegalArgumentException("only operators may have the tenant " + ALL_TENANTS);
      }
    }
  }

  /** The tenant of platform administrators. */
  public static final String ALL_TENANTS = "*";

  public ApiSecurity {
    users = Map.copyOf(Objects.requireNonNull(users, "users"));
    Objects.requireNonNull(jwtSecret, "jwtSecret");
    jwtSecret.ifPresent(
        s -> {
          if (s.length() < 32) {
            throw new IllegalArgumentException("the JWT secret must have at least 32 characters");
          }
        });
    requireName(jwtIssuer, "jwtIssuer");
    if (required && users.isEmpty() && jwtSecret.isEmpty()) {
      throw new IllegalArgumentException(
          "authentication is required but neither users nor a JWT secret are configured");
    }
  }

  /** No authentication: every request acts unrestricted. Tests and local experiments only. */
  public static ApiSecurity open() {
    return new ApiSecurity(false, Map.of(), Optional.empty(), "jwt");
  }

  /** Authentication required, with these users and an optional token secret. */
  public static ApiSecurity required(List<ApiUser> users, Optional<String> jwtSecret) {
    Map<String, ApiUser> byName = new LinkedHashMap<>();
    users.forEach(u -> byName.put(u.name(), u));
    return new ApiSecurity(true, byName, jwtSecret, "jwt");
  }

  /**
   * Parses a users file: one {@code name:hash:tenant[:operator]} per line, {@code #} comments. The
   * hash is {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>} (see {@link #hashLine}).
   *
   * @throws IllegalArgumentException naming the first bad line
   */
  public static List<ApiUser> parseUsers(List<String> lines) {
    List<ApiUser> users = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", -1);
      if (parts.length < 3 || parts.length > 4) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " of the users file is not name:hash:tenant[:operator]");
      }
      String[] hash = parts[1].split("\\$", -1);
      if (hash.length != 4 || !PasswordHash.PBKDF2_SHA256.equals(hash[0])) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " of the users file has no pbkdf2-sha256$iterations$salt$hash");
      }
      try {
        users.add(
            new ApiUser(
                parts[0],
                new PasswordHash(hash[0], hash[2], hash[3], Integer.parseInt(hash[1])),
                parts[2],
                parts.length == 4 && "operator".equals(parts[3])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " of the users file: " + e.getMessage(), e);
      }
    }
    return users;
  }

  /** A users-file line for a new user, its password hashed with a fresh salt. */
  public static String hashLine(String name, String password, String tenant, boolean operator) {
    PasswordHash h = PasswordHash.pbkdf2(password, 210_000, new java.security.SecureRandom());
    return name
        + ":"
        + h.hashFunction()
        + "$"
        + h.iterations()
        + "$"
        + h.salt()
        + "$"
        + h.pwdHash()
        + ":"
        + tenant
        + (operator ? ":operator" : "");
  }

  private static void requireName(String value, String what) {
    if (value == null || value.isBlank() || value.contains(":") || value.contains("/")) {
      throw new IllegalArgumentException(what + " must be non-blank without ':' or '/'");
    }
  }
}
