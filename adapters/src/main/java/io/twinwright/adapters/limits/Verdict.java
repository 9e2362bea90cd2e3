package io.twinwright.adapters.limits;

/**
 * Whether a device may go ahead.
 *
 * @param allowed true when no limit was hit
 * @param kind which limit refused it ({@code device-rate}, {@code tenant-rate}, {@code
 *     tenant-connections}); empty when allowed
 * @param retryAfterSeconds when to try again, for Retry-After; 0 when allowed
 */
public record Verdict(boolean allowed, String kind, long retryAfterSeconds) {

  public static final String DEVICE_RATE = "device-rate";
  public static final String TENANT_RATE = "tenant-rate";
  public static final String TENANT_CONNECTIONS = "tenant-connections";

  static final Verdict ALLOWED = new Verdict(true, "", 0);

  public Verdict {
    if (kind == null || allowed != kind.isEmpty() || retryAfterSeconds < 0) {
      throw new IllegalArgumentException("a refusal names its limit, an allowance none");
    }
  }

  static Verdict refused(String kind, long retryAfterSeconds) {
    return new Verdict(false, kind, retryAfterSeconds);
  }
}
