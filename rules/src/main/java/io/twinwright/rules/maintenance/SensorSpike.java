package io.twinwright.rules.maintenance;

import static io.twinwright.rules.maintenance.MaintenanceFinding.number;

import java.time.Instant;
import java.util.Map;

/**
 * A reading jumped beyond k standard deviations of the baseline and came back: a spike, not a new
 * level. It is held for the policy's hold time after the latest spike.
 *
 * @param spikeNumber the sensor's count of spikes, identifying the latest one
 */
public record SensorSpike(
    String thingId,
    String featureId,
    String path,
    double value,
    double level,
    double sigma,
    double k,
    long atMillis,
    long spikeNumber)
    implements MaintenanceFinding {

  public String sensor() {
    return SensorTracker.sensorName(featureId, path);
  }

  @Override
  public String alertCode() {
    return "sensor-spike:" + sensor();
  }

  @Override
  public String message() {
    return sensor()
        + " spiked to "
        + number(value)
        + " at "
        + Instant.ofEpochMilli(atMillis)
        + ", "
        + number(sigma > 0 ? Math.abs(value - level) / sigma : Double.POSITIVE_INFINITY)
        + " sigma from its baseline "
        + number(level)
        + ", and came back";
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "sensor", sensor(),
        "value", number(value),
        "baseline", number(level),
        "sigma", number(sigma),
        "k", number(k),
        "at", Instant.ofEpochMilli(atMillis).toString(),
        "spikes", String.valueOf(spikeNumber));
  }
}
