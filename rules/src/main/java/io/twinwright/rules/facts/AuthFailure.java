package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * An authentication failure of a device: an event (it expires, see the security rules).
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
