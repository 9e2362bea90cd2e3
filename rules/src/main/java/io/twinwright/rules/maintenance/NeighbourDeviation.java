package io.twinwright.rules.maintenance;

import static io.twinwright.rules.maintenance.MaintenanceFinding.number;

import java.util.Collection;
import java.util.Map;

/**
 * A sensor disagrees with the other sensors of its asset: its baseline level is further than the
 * tolerance from the group's median level.
 *
 * @param sensors how many sensors of the asset measured the property (this one included)
 */
public record NeighbourDeviation(
    String thingId,
    String featureId,
    String path,
    String assetId,
    double level,
    double groupMedian,
    double tolerance,
    int sensors)
    implements MaintenanceFinding {

  public String sensor() {
    return SensorTracker.sensorName(featureId, path);
  }

  @Override
  public String alertCode() {
    return "sensor-deviates:" + sensor();
  }

  @Override
  public String message() {
    return sensor()
        + " reads "
        + number(level)
        + " while the "
        + sensors
        + " sensors of asset "
        + assetId
        + " read "
        + number(groupMedian)
        + " (median), more than "
        + number(tolerance)
        + " apart";
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "sensor", sensor(),
        "asset", assetId,
        "level", number(level),
        "groupMedian", number(groupMedian),
        "tolerance", number(tolerance),
        "sensors", String.valueOf(sensors));
  }

  /** The median of some numbers (the mean of the middle two for an even count); NaN if none. */
  public static double median(Collection<? extends Number> values) {
    double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /**
   * Whether {@code level} lies further than {@code tolerance} from the median of {@code levels}.
   */
  public static boolean strays(
      double level, Collection<? extends Number> levels, double tolerance) {
    return Math.abs(level - median(levels)) > tolerance;
  }
}
