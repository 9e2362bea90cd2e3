package io.twinwright.rules.maintenance;

import java.util.Objects;

/**
 * The running state the maintenance rules keep for one property of one device ({@code
 * features/<featureId>/properties/<path>}), next to the engine's {@code Measurement} of it. A
 * tracker absorbs each new reading once (its {@link #getLastAtMillis()} tells the rules which
 * readings it has seen) and keeps a bounded amount of state.
 *
 * <p>Mutable on purpose, like {@code Measurement}: one per sensor, updated in place by the rule
 * that feeds it, only on its partition's thread.
 */
public abstract sealed class SensorTracker permits SensorBaseline, BatteryTrend, HealthTrend {
  private final String thingId;
  private final String featureId;
  private final String path;
  private long lastAtMillis = Long.MIN_VALUE;
  private MaintenancePolicy policy;

  SensorTracker(String thingId, String featureId, String path, MaintenancePolicy policy) {
    this.thingId = Objects.requireNonNull(thingId, "thingId");
    this.featureId = Objects.requireNonNull(featureId, "featureId");
    this.path = Objects.requireNonNull(path, "path");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public String getThingId() {
    return thingId;
  }

  public String getFeatureId() {
    return featureId;
  }

  public String getPath() {
    return path;
  }

  /** When the newest absorbed reading was taken; {@link Long#MIN_VALUE} before any. */
  public long getLastAtMillis() {
    return lastAtMillis;
  }

  /** The policy in force at the newest reading. */
  public MaintenancePolicy getPolicy() {
    return policy;
  }

  /**
   * Absorbs a reading under the given policy; a reading not newer than the last one is ignored (the
   * twin reports the same property twice, or out of order).
   */
  public final void observe(double value, long atMillis, MaintenancePolicy current) {
    if (atMillis <= lastAtMillis || !Double.isFinite(value)) {
      return;
    }
    MaintenancePolicy previous = policy;
    policy = Objects.requireNonNull(current, "policy");
    lastAtMillis = atMillis;
    absorb(value, atMillis, previous);
  }

  /**
   * @param previousPolicy the policy before this reading, so that a changed window can be applied
   */
  abstract void absorb(double value, long atMillis, MaintenancePolicy previousPolicy);

  /** "temperature" for a feature's {@code value}, else "feature/path": names the sensor. */
  public String getSensor() {
    return sensorName(featureId, path);
  }

  static String sensorName(String featureId, String path) {
    return "value".equals(path) ? featureId : featureId + "/" + path;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + thingId + " " + getSensor() + "]";
  }
}
