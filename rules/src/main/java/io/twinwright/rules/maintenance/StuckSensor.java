package io.twinwright.rules.maintenance;

import static io.twinwright.rules.maintenance.MaintenanceFinding.number;

import java.time.Instant;
import java.util.Map;

/**
 * A sensor that used to vary has reported the same value for too many readings over too long.
 *
 * @param value the value it is stuck at
 * @param readings how many readings repeated it when found
 * @param sinceMillis when the run began
 * @param sigmaBefore the signal's standard deviation before the run
 */
public record StuckSensor(
    String thingId,
    String featureId,
    String path,
    double value,
    long readings,
    long sinceMillis,
    double sigmaBefore)
    implements MaintenanceFinding {

  public String sensor() {
    return SensorTracker.sensorName(featureId, path);
  }

  @Override
  public String alertCode() {
    return "sensor-stuck:" + sensor();
  }

  @Override
  public String message() {
    return sensor()
        + " has read "
        + number(value)
        + " for "
        + readings
        + " readings since "
        + Instant.ofEpochMilli(sinceMillis)
        + " though it used to vary by "
        + number(sigmaBefore);
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "sensor", sensor(),
        "value", number(value),
        "readings", String.valueOf(readings),
        "since", Instant.ofEpochMilli(sinceMillis).toString(),
        "sigmaBefore", number(sigmaBefore));
  }
}
