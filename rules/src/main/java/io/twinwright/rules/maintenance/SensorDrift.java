package io.twinwright.rules.maintenance;

import static io.twinwright.rules.maintenance.MaintenanceFinding.number;

import java.util.Map;

/**
 * A sensor's readings have moved away from its baseline persistently: the CUSUM evidence exceeded
 * the policy's decision interval.
 *
 * @param sensor the property, e.g. {@code temperature}
 * @param direction +1 upward, -1 downward
 * @param evidence the CUSUM statistic in standard deviations when found
 * @param threshold the decision interval it exceeded
 * @param level the baseline level when found
 * @param lastValue the reading that tipped it
 */
public record SensorDrift(
    String thingId,
    String featureId,
    String path,
    int direction,
    double evidenceSigmas,
    double threshold,
    double level,
    double lastValue)
    implements MaintenanceFinding {

  public String sensor() {
    return SensorTracker.sensorName(featureId, path);
  }

  @Override
  public String alertCode() {
    return "sensor-drift:" + sensor();
  }

  @Override
  public String message() {
    return sensor()
        + " is drifting "
        + (direction >= 0 ? "up" : "down")
        + ": reading "
        + number(lastValue)
        + " against a baseline of "
        + number(level)
        + ", CUSUM evidence "
        + number(evidenceSigmas)
        + " sigma above the limit "
        + number(threshold);
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "sensor", sensor(),
        "direction", direction >= 0 ? "up" : "down",
        "cusum", number(evidenceSigmas),
        "cusumLimit", number(threshold),
        "baseline", number(level),
        "value", number(lastValue));
  }
}
