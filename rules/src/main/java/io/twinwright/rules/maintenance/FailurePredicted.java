package io.twinwright.rules.maintenance;

import static io.twinwright.rules.maintenance.MaintenanceFinding.number;

import java.time.Duration;
import java.util.Map;

/**
 * An asset's health index is forecast to reach its failure level within the policy horizon.
 *
 * @param index the latest health index
 * @param fittedIndex the index on the fitted trend now
 * @param slopePerDay the trend's change per day
 * @param remainingMillis the estimated remaining useful life
 * @param failureLevel the index at which it fails
 * @param horizonMillis the horizon it fell within
 */
public record FailurePredicted(
    String thingId,
    double index,
    double fittedIndex,
    double slopePerDay,
    long remainingMillis,
    double failureLevel,
    long horizonMillis)
    implements MaintenanceFinding {

  @Override
  public String alertCode() {
    return "predicted-failure";
  }

  public double remainingDays() {
    return remainingMillis / 86_400_000.0;
  }

  @Override
  public String message() {
    return "health index "
        + number(fittedIndex)
        + " rising "
        + number(slopePerDay)
        + "/day reaches the failure level "
        + number(failureLevel)
        + " in about "
        + number(remainingDays())
        + " days ("
        + Duration.ofMillis(remainingMillis)
        + ")";
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "index", number(index),
        "fittedIndex", number(fittedIndex),
        "slopePerDay", number(slopePerDay),
        "remainingUsefulLifeDays", number(remainingDays()),
        "failureLevel", number(failureLevel),
        "horizonDays", number(horizonMillis / 86_400_000.0));
  }
}
