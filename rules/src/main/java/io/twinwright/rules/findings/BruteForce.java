package io.twinwright.rules.findings;

import java.time.Instant;
import java.util.Map;

/**
 * Too many authentication failures of one device within the policy window. It stays until the
 * device is released from quarantine, so one attack quarantines once.
 *
 * @param thingId the device
 * @param failures how many failures fell within the window
 * @param windowMillis the policy window
 * @param lastRemoteAddress where the last failed attempt came from
 * @param lastAtMillis when the last failed attempt happened
 */
public record BruteForce(
    String thingId, long failures, long windowMillis, String lastRemoteAddress, long lastAtMillis)
    implements SecurityFinding {

  @Override
  public String code() {
    return "auth-brute-force";
  }

  @Override
  public String describe() {
    return failures
        + " authentication failures within "
        + (windowMillis / 1000)
        + " s, last from "
        + lastRemoteAddress;
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "failures", String.valueOf(failures),
        "windowMillis", String.valueOf(windowMillis),
        "lastRemoteAddress", lastRemoteAddress,
        "lastFailureAt", Instant.ofEpochMilli(lastAtMillis).toString());
  }
}
