package io.twinwright.rules.findings;

import java.time.Instant;
import java.util.Map;

/**
 * A device the registry decommissioned is talking again: someone holds its credentials or its
 * hardware.
 *
 * @param thingId the device
 * @param decommissionedAtMillis when the engine learnt it was decommissioned
 * @param activity what it did (reported a value, connected)
 * @param atMillis when
 */
public record DecommissionedDeviceActive(
    String thingId, long decommissionedAtMillis, String activity, long atMillis)
    implements SecurityFinding {

  @Override
  public String code() {
    return "decommissioned-device-active";
  }

  @Override
  public String describe() {
    return "decommissioned device " + activity + " at " + Instant.ofEpochMilli(atMillis);
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "decommissionedAt", Instant.ofEpochMilli(decommissionedAtMillis).toString(),
        "activity", activity,
        "at", Instant.ofEpochMilli(atMillis).toString());
  }
}
