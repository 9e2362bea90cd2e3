package io.twinwright.rules.maintenance;

import java.util.Map;

/**
 * What a maintenance finding rule concluded about one device. A finding carries the values that
 * established it, so the alert or work order decided from it says why; it lives until its ending
 * rule sees the condition gone.
 */
public sealed interface MaintenanceFinding
    permits SensorDrift,
        NeighbourDeviation,
        StuckSensor,
        SensorSpike,
        BatteryDepleting,
        VibrationInZone,
        FailurePredicted {

  String thingId();

  /** The alert (or work order) code this finding explains; with the thing id, its dedup key. */
  String alertCode();

  /** One sentence for an operator. */
  String message();

  /** The values behind the finding, as the alert's findings. */
  Map<String, String> evidence();

  /** A number as evidence: compact, and without a trailing ".0" noise for whole numbers. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return String.valueOf(Math.round(value * 1e4) / 1e4);
  }
}
