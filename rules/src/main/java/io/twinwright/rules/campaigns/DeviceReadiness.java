package io.twinwright.rules.campaigns;

import java.util.Objects;

/**
 * What the preconditions of a campaign look at, for a device waiting to be updated.
 *
 * @param thingId the device
 * @param batteryPercent its last battery level, or -1 if it never reported one
 * @param mains whether it runs on mains power (then its battery does not matter)
 * @param online whether it is connected right now
 * @param quarantined whether it is quarantined
 */
public record DeviceReadiness(
    String thingId, double batteryPercent, boolean mains, boolean online, boolean quarantined) {
  public DeviceReadiness {
    Objects.requireNonNull(thingId, "thingId");
  }
}
