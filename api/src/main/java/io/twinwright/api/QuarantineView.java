package io.twinwright.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A device the security rules contained.
 *
 * @param thingId the device's twin
 * @param reason why it was quarantined, for people
 * @param since when it was quarantined
 */
public record QuarantineView(String thingId, String reason, Instant since) {
  public QuarantineView {
    if (thingId == null || thingId.isBlank()) {
      throw new IllegalArgumentException("thingId must not be blank");
    }
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
  }
}
