package io.twinwright.platform.campaigns;

import io.twinwright.rules.campaigns.DeviceStatus;
import java.util.Objects;

/**
 * One device of a campaign as it is stored.
 *
 * @param campaignId the campaign
 * @param thingId the device
 * @param model its Thing Model when it was selected
 * @param wave the wave it belongs to
 * @param status where it is
 * @param sinceMillis when it last changed or reported, epoch milliseconds
 * @param reason why it is where it is (a failure, a deferral), or empty
 * @param previousVersion the version it reported before the update was issued, or empty
 */
public record StoredDevice(
    String campaignId,
    String thingId,
    String model,
    int wave,
    DeviceStatus status,
    long sinceMillis,
    String reason,
    String previousVersion) {
  public StoredDevice {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(previousVersion, "previousVersion");
  }
}
