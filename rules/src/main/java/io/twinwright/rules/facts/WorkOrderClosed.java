package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * An operator closed the work order of this thing and code: an event (stamped by the session
 * clock), so a pack can let the condition open a new order. The engine also forgets the order, so
 * opening it again is no longer a repeat.
 */
public record WorkOrderClosed(String thingId, String code) {
  public WorkOrderClosed {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(code, "code");
  }
}
