package io.twinwright.twin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change of one twin, published after it was applied to the hot state.
 *
 * @param kind created, modified or deleted
 * @param device the twin's device
 * @param revision the twin's revision after the change
 * @param modified when the change was applied
 * @param definition the twin's Thing Model reference ({@code namespace:name:version}) or empty
 * @param changes the property values that changed (empty for created/deleted)
 */
public record TwinEvent(
    Kind kind,
    DeviceId device,
    long revision,
    Instant modified,
    String definition,
    List<PropertyUpdate> changes) {

  public enum Kind {
    CREATED,
    MODIFIED,
    DELETED
  }

  public TwinEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(definition, "definition");
    changes = List.copyOf(changes);
  }

  public String thingId() {
    return device.thingId();
  }
}
