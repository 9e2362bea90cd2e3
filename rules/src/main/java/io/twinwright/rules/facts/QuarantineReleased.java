package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * An operator released a device from quarantine: its past findings no longer hold, so a new attack
 * can be detected again. An event (stamped by the session clock, see {@code packs/events.drl}) so
 * that it goes away even if no loaded pack consumes it.
 */
public record QuarantineReleased(String thingId) {
  public QuarantineReleased {
    Objects.requireNonNull(thingId, "thingId");
  }
}
