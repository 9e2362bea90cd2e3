package io.twinwright.rules;

import java.util.Map;
import java.util.Objects;

/**
 * A rule's request to steer a firmware campaign, e.g. pause it when updated devices start failing,
 * or to move one device of it on (issue, defer, time out, roll back).
 *
 * @param campaignId the campaign
 * @param operation what to do
 * @param thingId the device the request is about, or whose findings led to it (the audit log files
 *     it there); for operations on the whole campaign raised from campaign facts, the campaign id
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
    ABORT,
    /** Start the campaign's next wave. */
    ADVANCE,
    /** Every wave ran and every device settled. */
    COMPLETE,
    /** Send the update to the device (subject to the campaign's rate limit). */
    ISSUE_DEVICE,
    /** Hold the device back; the reason says which precondition or window it failed. */
    DEFER_DEVICE,
    /** The device stayed silent longer than the device timeout. */
    TIMEOUT_DEVICE,
    /** Send the device back to the version it ran before the campaign. */
    ROLLBACK_DEVICE;

    /** Whether the operation is about one device rather than the whole campaign. */
    public boolean perDevice() {
      return this == ISSUE_DEVICE
          || this == DEFER_DEVICE
          || this == TIMEOUT_DEVICE
          || this == ROLLBACK_DEVICE;
    }
  }

  public CampaignControlRequest {
    AlertRequest.requireText(campaignId, "campaignId");
    Objects.requireNonNull(operation, "operation");
    AlertRequest.requireText(thingId, "thingId");
    Objects.requireNonNull(reason, "reason");
    findings = Map.copyOf(findings);
  }
}
