package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * An operator released a device from quarantine: its past findings no longer hold, so a new attack
 * can be detected again.
 */
public record QuarantineReleased(String thingId) {
  public QuarantineReleased {
    Objects.requireNonNull(thingId, "thingId");
  }
}
