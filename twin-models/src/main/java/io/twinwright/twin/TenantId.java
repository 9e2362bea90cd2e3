package io.twinwright.twin;

import java.util.regex.Pattern;

/**
 * A tenant: the unit of isolation for devices, twins and applications. It is also the namespace of
 * its twins, so it follows Ditto's namespace syntax (dot-separated Java-identifier-like segments).
 */
public record TenantId(String value) {
  private static final Pattern VALID =
      Pattern.compile("[A-Za-z]\\w{0,62}(\\.[A-Za-z]\\w{0,62}){0,7}");

  public TenantId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid tenant id: " + value);
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
