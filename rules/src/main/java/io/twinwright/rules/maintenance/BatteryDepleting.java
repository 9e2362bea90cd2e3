package io.twinwright.rules.maintenance;

import static io.twinwright.rules.maintenance.MaintenanceFinding.number;

import java.util.Map;

/** A battery's level is forecast to reach its cutoff within the policy horizon. */
public record BatteryDepleting(
    String thingId,
    double level,
    double slopePerDay,
    double daysToCutoff,
    double cutoffLevel,
    double horizonDays)
    implements MaintenanceFinding {

  @Override
  public String alertCode() {
    return "battery-depleting";
  }

  @Override
  public String message() {
    return "battery at "
        + number(level)
        + " % falls "
        + number(-slopePerDay)
        + " %/day: "
        + number(daysToCutoff)
        + " days to the "
        + number(cutoffLevel)
        + " % cutoff, within the "
        + number(horizonDays)
        + "-day horizon";
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "level", number(level),
        "slopePerDay", number(slopePerDay),
        "daysToCutoff", number(daysToCutoff),
        "cutoffLevel", number(cutoffLevel),
        "horizonDays", number(horizonDays));
  }
}
