package io.twinwright.twin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Canonical property values to apply to one twin, produced by the normaliser.
 *
 * @param device whose twin to patch
 * @param updates the values, applied in order
 * @param observedAt the source timestamp if the device sent one, else the receive time
 */
public record TwinPatch(DeviceId device, List<PropertyUpdate> updates, Instant observedAt) {
  public TwinPatch {
    Objects.requireNonNull(device, "device");
    updates = List.copyOf(updates);
    Objects.requireNonNull(observedAt, "observedAt");
  }
}
