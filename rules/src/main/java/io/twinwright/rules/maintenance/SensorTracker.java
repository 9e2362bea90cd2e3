package io.twinwright.rules.maintenance;

import java.util.List;
import java.util.Objects;

/**
 * The running state the maintenance rules keep for one property of one device ({@code
 * features/<featureId>/properties/<path>}), next to the engine's {@code Measurement} of it. A
 * tracker absorbs each new reading once (its {@link #getLastAtMillis()} tells the rules which
 * readings it has seen) and keeps a bounded amount of state.
 *
 * <p>Mutable on purpose, like {@code Measurement}: one per sensor, updated in place only on its
 * session's thread. The rules decide which policy a tracker follows ({@link #getAssignedPolicy()});
 * the session feeds it the readings ({@link TrackerFeed}) and tells the rules which of its
 * statistics a reading changed, so that a rule reading only the others is not woken.
 */
public abstract sealed class SensorTracker permits SensorBaseline, BatteryTrend, HealthTrend {
  private final String thingId;
  private final String featureId;
  private final String path;
  private final Statistics statistics;
  private final double[] before;
  private final double[] after;
  private long lastAtMillis = Long.MIN_VALUE;
  private MaintenancePolicy policy;
  private MaintenancePolicy assignedPolicy;

  SensorTracker(
      String thingId,
      String featureId,
      String path,
      MaintenancePolicy policy,
      Statistics statistics) {
    this.thingId = Objects.requireNonNull(thingId, "thingId");
    this.featureId = Objects.requireNonNull(featureId, "featureId");
    this.path = Objects.requireNonNull(path, "path");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.assignedPolicy = policy;
    this.statistics = statistics;
    this.before = new double[statistics.names.length];
    this.after = new double[statistics.names.length];
  }

  /**
   * The properties a reading can change that rules may read, besides {@code lastAtMillis} and
   * {@code policy}, in the order {@link #readStatistics} writes them. One instance per tracker
   * class; a test checks that it names every getter.
   */
  static final class Statistics {
    private static final int FIXED = 2;
    private final String[] names;

    Statistics(String... own) {
      if (FIXED + own.length > Long.SIZE) {
        throw new IllegalArgumentException("at most 62 statistics");
      }
      names = new String[FIXED + own.length];
      names[0] = "lastAtMillis";
      names[1] = "policy";
      System.arraycopy(own, 0, names, FIXED, own.length);
    }

    /** Every property a reading can change. */
    List<String> names() {
      return List.of(names);
    }

    String[] array() {
      return names;
    }
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

  /** The policy the rules chose for the sensor's device; it applies from the next reading. */
  public MaintenancePolicy getAssignedPolicy() {
    return assignedPolicy;
  }

  public void setAssignedPolicy(MaintenancePolicy assigned) {
    this.assignedPolicy = Objects.requireNonNull(assigned, "policy");
  }

  /**
   * Absorbs a reading under the given policy, for a pack that feeds its trackers itself; a reading
   * not newer than the last one is ignored (the twin reports the same property twice, or out of
   * order).
   */
  public final void observe(double value, long atMillis, MaintenancePolicy current) {
    setAssignedPolicy(current);
    absorbReading(value, atMillis);
  }

  /**
   * Absorbs a reading under the assigned policy.
   *
   * @return bit {@code i} set if the reading changed the property {@code statistics().names()[i]};
   *     0 if the reading was ignored
   */
  final long absorbReading(double value, long atMillis) {
    if (atMillis <= lastAtMillis || !Double.isFinite(value)) {
      return 0;
    }
    readStatistics(before, Statistics.FIXED);
    MaintenancePolicy previous = policy;
    policy = assignedPolicy;
    lastAtMillis = atMillis;
    absorb(value, atMillis, previous);
    readStatistics(after, Statistics.FIXED);
    long changed = 1L; // lastAtMillis
    if (policy != previous) {
      changed |= 1L << 1;
    }
    for (int i = Statistics.FIXED; i < before.length; i++) {
      // bit patterns, so that NaN to NaN is no change
      if (Double.doubleToLongBits(before[i]) != Double.doubleToLongBits(after[i])) {
        changed |= 1L << i;
      }
    }
    return changed;
  }

  Statistics statistics() {
    return statistics;
  }

  /** Writes the values of the {@link Statistics} names from {@code offset} on. */
  abstract void readStatistics(double[] into, int offset);

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
