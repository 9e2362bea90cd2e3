package io.twinwright.rules.campaigns;

import java.util.Objects;

/**
 * Whether a campaign's maintenance windows are open now. A campaign without windows is always open.
 *
 * @param campaignId the campaign
 * @param open whether updates may be issued now
 */
public record WindowState(String campaignId, boolean open) {
  public WindowState {
    Objects.requireNonNull(campaignId, "campaignId");
  }
}
