package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * An authentication failure of a device: an event. It expires after {@link
 * SecurityPolicy#MAX_WINDOW}, so a failure lives as long as the longest window can need it (see
 * {@code packs/events.drl}, which declares every event type).
 *
 * @param thingId the device whose credentials were tried
 * @param remoteAddress where the attempt came from
 * @param atMillis when, epoch milliseconds (the event's timestamp)
 */
public record AuthFailure(String thingId, String remoteAddress, long atMillis) {
  public AuthFailure {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }
}
