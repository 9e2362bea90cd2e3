package io.twinwright.rules;

import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds twin events for tests. */
final class Twins {
  private Twins() {}

  static TwinEvent temperature(String thingId, String modelId, double value, Instant at) {
    return change(thingId, modelId, at, new PropertyUpdate("temperature", "value", value));
  }

  static TwinEvent change(String thingId, String modelId, Instant at, PropertyUpdate... updates) {
    return new TwinEvent(
        TwinEvent.Kind.MODIFIED, DeviceId.ofThingId(thingId), 1, at, modelId, List.of(updates));
  }

  static void settle(RuleEngine engine) {
    try {
      engine.drain().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("rule engine did not drain", e);
    }
  }
}
