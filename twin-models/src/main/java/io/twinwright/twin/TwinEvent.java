package io.twinwright.twin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;

/**
 * A change of one twin, published after it was applied to the hot state.
 *
 * @param kind created, modified or deleted
 * @param device the twin's device
 * @param revision the twin's revision after the change
 * @param modified when the change was applied
 * @param definition the twin's Thing Model reference ({@code namespace:name:version}) or empty
 * @param changes the property values that changed (empty for created/deleted)
 * @param attributePointers JSON pointers (inside {@code /attributes}) of attributes that changed
 * @param delta for application writes, the changed part of the thing in the thing's own shape
 *     ({@code {"thingId":..,"attributes":{"x":1}}}; {@code null} where a part was deleted; the
 *     whole thing when created; only {@code thingId} when the twin was deleted); empty for device
 *     changes, which {@code changes} describes
 * @param write for application writes, the operation and the pointer it addressed, so subscribers
 *     that speak a pointer-based protocol (Ditto Protocol events) can tell a replaced object from a
 *     merged one; empty for device changes
 */
public record TwinEvent(
    Kind kind,
    DeviceId device,
    long revision,
    Instant modified,
    String definition,
    List<PropertyUpdate> changes,
    List<String> attributePointers,
    JsonObject delta,
    Optional<Write> write) {

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
    attributePointers = List.copyOf(attributePointers);
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(write, "write");
  }

  /**
   * An application write: replace ({@code PUT}), merge-patch or delete the JSON at a pointer.
   *
   * @param after the twin as this write left it (empty when it deleted the twin), so subscribers
   *     that handle the event later still see the state it produced
   */
  public record Write(
      Operation operation,
      JsonPointer pointer,
      Optional<org.eclipse.ditto.things.model.Thing> after) {
    public enum Operation {
      PUT,
      MERGE,
      DELETE
    }

    public Write {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(pointer, "pointer");
      Objects.requireNonNull(after, "after");
    }
  }

  /** A change without write details. */
  public TwinEvent(
      Kind kind,
      DeviceId device,
      long revision,
      Instant modified,
      String definition,
      List<PropertyUpdate> changes,
      List<String> attributePointers,
      JsonObject delta) {
    this(
        kind,
        device,
        revision,
        modified,
        definition,
        changes,
        attributePointers,
        delta,
        Optional.empty());
  }

  /** A change of feature properties and attributes, described by {@code changes}. */
  public TwinEvent(
      Kind kind,
      DeviceId device,
      long revision,
      Instant modified,
      String definition,
      List<PropertyUpdate> changes,
      List<String> attributePointers) {
    this(
        kind,
        device,
        revision,
        modified,
        definition,
        changes,
        attributePointers,
        JsonFactory.newObject());
  }

  /** A change of feature properties (or of nothing but the definition). */
  public TwinEvent(
      Kind kind,
      DeviceId device,
      long revision,
      Instant modified,
      String definition,
      List<PropertyUpdate> changes) {
    this(kind, device, revision, modified, definition, changes, List.of());
  }

  /** Whether only attributes changed: no feature value, no definition. */
  public boolean attributesOnly() {
    return !attributePointers.isEmpty() && changes.isEmpty();
  }

  public String thingId() {
    return device.thingId();
  }
}
