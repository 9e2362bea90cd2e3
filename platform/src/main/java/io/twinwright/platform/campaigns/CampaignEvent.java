package io.twinwright.platform.campaigns;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened in a campaign: it changed status or wave, or one of its devices did.
 *
 * @param campaignId the campaign
 * @param type {@code campaign} for the campaign itself, {@code device} for one device
 * @param thingId the device, for device events
 * @param status the new status (of the campaign or the device)
 * @param wave the campaign's current wave, or the device's wave
 * @param message why, for people
 * @param at when
 */
public record CampaignEvent(
    String campaignId,
    String type,
    Optional<String> thingId,
    String status,
    int wave,
    String message,
    Instant at) {
  public CampaignEvent {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("campaign", campaignId).put("type", type).put("status", status);
    thingId.ifPresent(t -> json.put("thingId", t));
    return json.put("wave", wave).put("message", message).put("at", at.toString());
  }
}
