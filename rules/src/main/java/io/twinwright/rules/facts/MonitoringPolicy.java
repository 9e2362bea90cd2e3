package io.twinwright.rules.facts;

/**
 * Fleet-wide parameters of the health rules.
 *
 * @param silenceFactor a device is silent after its model's expected interval times this factor
 * @param defaultHysteresis how far below its high alarm a value must fall before the alarm clears,
 *     for features whose model sets no hysteresis (in the feature's canonical unit)
 */
public record MonitoringPolicy(double silenceFactor, double defaultHysteresis) {

  public MonitoringPolicy {
    if (!(silenceFactor > 0) || !Double.isFinite(silenceFactor)) {
      throw new IllegalArgumentException("silenceFactor must be positive: " + silenceFactor);
    }
    if (!(defaultHysteresis >= 0) || !Double.isFinite(defaultHysteresis)) {
      throw new IllegalArgumentException(
          "defaultHysteresis must not be negative: " + defaultHysteresis);
    }
  }

  /** Silent after three missed reports; alarms clear one unit below their threshold. */
  public static MonitoringPolicy defaults() {
    return new MonitoringPolicy(3.0, 1.0);
  }
}
