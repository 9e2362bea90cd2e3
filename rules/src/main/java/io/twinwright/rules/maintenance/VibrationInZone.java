package io.twinwright.rules.maintenance;

import static io.twinwright.rules.maintenance.MaintenanceFinding.number;

import java.util.Map;

/**
 * A machine's RMS vibration velocity lies in zone C (restricted operation) or D (damage).
 *
 * @param zoneLimit the lower limit of that zone for the machine's class, mm/s
 */
public record VibrationInZone(String thingId, VibrationZone zone, double velocity, double zoneLimit)
    implements MaintenanceFinding {

  @Override
  public String alertCode() {
    return "vibration";
  }

  @Override
  public String message() {
    return "vibration "
        + number(velocity)
        + " mm/s is in zone "
        + zone
        + " (above "
        + number(zoneLimit)
        + " mm/s)";
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "velocity", number(velocity), "zone", zone.name(), "zoneLimit", number(zoneLimit));
  }
}
