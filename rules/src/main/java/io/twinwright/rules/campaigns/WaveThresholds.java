package io.twinwright.rules.campaigns;

import java.util.Objects;

/**
 * The thresholds of one wave.
 *
 * @param campaignId the campaign
 * @param wave the wave's index
 * @param successPercent the wave advances once at least this share of its devices succeeded
 * @param errorPercent the wave stops once more than this share of the devices that finished failed,
 *     were rejected or timed out
 * @param minExecuted the error threshold applies only once this many devices of the wave finished
 */
public record WaveThresholds(
    String campaignId, int wave, double successPercent, double errorPercent, int minExecuted) {
  public WaveThresholds {
    Objects.requireNonNull(campaignId, "campaignId");
    if (!(successPercent >= 0 && successPercent <= 100)) {
      throw new IllegalArgumentException("successPercent must be 0..100: " + successPercent);
    }
    if (!(errorPercent >= 0 && errorPercent <= 100)) {
      throw new IllegalArgumentException("errorPercent must be 0..100: " + errorPercent);
    }
    if (minExecuted < 1) {
      throw new IllegalArgumentException("minExecuted must be at least 1: " + minExecuted);
    }
  }
}
