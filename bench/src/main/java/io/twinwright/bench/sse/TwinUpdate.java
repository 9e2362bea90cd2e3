package io.twinwright.bench.sse;

import java.util.Objects;

/**
 * A twin change that carried a new temperature.
 *
 * @param thingId {@code tenant:deviceId}
 * @param temperature {@code features/temperature/properties/value}
 */
public record TwinUpdate(String thingId, double temperature) {
  public TwinUpdate {
    Objects.requireNonNull(thingId, "thingId");
    if (!Double.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite: " + temperature);
    }
  }
}
