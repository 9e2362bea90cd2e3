package io.twinwright.rules.campaigns;

import java.util.Objects;

/**
 * A campaign as the rules see it.
 *
 * @param campaignId the campaign
 * @param status where it is
 * @param currentWave the index of the wave being rolled out (earlier waves may still have devices
 *     in flight)
 * @param waveCount how many waves it has; the last one is {@code waveCount - 1}
 */
public record CampaignFact(
    String campaignId, CampaignStatus status, int currentWave, int waveCount) {
  public CampaignFact {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(status, "status");
    if (waveCount < 1 || currentWave < 0 || currentWave >= waveCount) {
      throw new IllegalArgumentException(
          "wave " + currentWave + " is not one of " + waveCount + " waves");
    }
  }

  public boolean lastWave() {
    return currentWave == waveCount - 1;
  }
}
