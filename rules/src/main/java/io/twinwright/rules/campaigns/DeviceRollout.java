package io.twinwright.rules.campaigns;

import java.util.Objects;

/**
 * One device of a started wave.
 *
 * @param campaignId the campaign
 * @param thingId the device
 * @param wave the wave it belongs to
 * @param status where it is
 * @param sinceMillis when it last changed status or reported progress, epoch milliseconds: the
 *     device timeout counts from here
 */
public record DeviceRollout(
    String campaignId, String thingId, int wave, DeviceStatus status, long sinceMillis) {
  public DeviceRollout {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(status, "status");
  }

  /**
   * Whether the device has been silent for at least {@code timeoutMillis} at {@code nowMillis}. In
   * Java rather than DRL arithmetic: with {@code sinceMillis <= $now - $timeout} written in the
   * pack, CampaignScenarioTest's timeout missed now and then; with this method it has not.
   */
  public boolean silentAt(long nowMillis, long timeoutMillis) {
    return sinceMillis <= nowMillis - timeoutMillis;
  }
}
