package io.twinwright.rules.campaigns;

import java.util.Objects;

/**
 * What a campaign's rules need to know of its specification: limits and choices, never literals in
 * the pack.
 *
 * @param campaignId the campaign
 * @param deviceTimeoutMillis how long a device may stay silent after the command or its last
 *     progress report before it counts as timed out
 * @param abortOnErrors true to abort a wave that crosses its error threshold, false to pause it
 * @param rollbackOnAbort whether devices already updated go back to their previous version when the
 *     campaign is aborted
 * @param minBatteryPercent a device not on mains needs at least this battery level; 0 for no
 *     battery precondition
 * @param requireOnline only devices connected right now are updated
 * @param skipQuarantined quarantined devices are not updated
 */
public record CampaignPolicy(
    String campaignId,
    long deviceTimeoutMillis,
    boolean abortOnErrors,
    boolean rollbackOnAbort,
    double minBatteryPercent,
    boolean requireOnline,
    boolean skipQuarantined) {
  public CampaignPolicy {
    Objects.requireNonNull(campaignId, "campaignId");
    if (deviceTimeoutMillis <= 0) {
      throw new IllegalArgumentException("deviceTimeoutMillis must be positive");
    }
    if (!(minBatteryPercent >= 0 && minBatteryPercent <= 100)) {
      throw new IllegalArgumentException("minBatteryPercent must be 0..100: " + minBatteryPercent);
    }
  }
}
