package io.twinwright.bench.payload;

import java.util.Objects;

/**
 * Identifies one publish of a sampled device by what comes back over SSE: the thing id and the
 * centi-degree value.
 *
 * @param thingId {@code tenant:deviceId}
 * @param centi the published centi-degree value
 */
public record PublishKey(String thingId, int centi) {
  public PublishKey {
    Objects.requireNonNull(thingId, "thingId");
  }

  /** The key of the publish that produced a twin value. */
  public static PublishKey ofTwinValue(String thingId, double twinValue) {
    return new PublishKey(thingId, TemperatureCodec.centiOf(twinValue));
  }
}
