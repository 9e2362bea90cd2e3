package io.twinwright.rules;

import java.util.Map;
import java.util.Objects;

/**
 * A rule's request to steer a firmware campaign, e.g. pause it when updated devices start failing.
 *
 * @param campaignId the campaign
 * @param operation what to do
 * @param thingId the device whose findings led to the request (the audit log files it there)
 * @param reason one human-readable sentence
 * @param findings the facts behind the request
 */
public record CampaignControlRequest(
    String campaignId,
    Operation operation,
    String thingId,
    String reason,
    Map<String, String> findings) {

  /** What a rule may do to a campaign. */
  public enum Operation {
    PAUSE,
    RESUME,
    ABORT
  }

  public CampaignControlRequest {
    AlertRequest.requireText(campaignId, "campaignId");
    Objects.requireNonNull(operation, "operation");
    AlertRequest.requireText(thingId, "thingId");
    Objects.requireNonNull(reason, "reason");
    findings = Map.copyOf(findings);
  }
}
