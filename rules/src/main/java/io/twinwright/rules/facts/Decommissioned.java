package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * The registry says this device is decommissioned: it should never talk again.
 *
 * @param thingId the device
 * @param sinceMillis when the engine learnt it; only activity after this counts against it
 */
public record Decommissioned(String thingId, long sinceMillis) {
  public Decommissioned {
    Objects.requireNonNull(thingId, "thingId");
  }
}
