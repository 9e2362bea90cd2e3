package io.twinwright.rules.maintenance;

import io.twinwright.rules.maintenance.analytics.WindowedTrend;

/**
 * The battery level's trend over the policy window and the days left until the cutoff level. A rise
 * of more than the replacement rise means a new or recharged battery: the history before it says
 * nothing about this battery and is forgotten.
 */
public final class BatteryTrend extends SensorTracker {
  /** Resolution of the window's edge: 1/48 of a week is 3.5 h. */
  private static final int BUCKETS = 48;

  private static final Statistics STATISTICS =
      new Statistics("level", "fittedLevel", "slopePerDay", "spanMillis", "daysToCutoff");

  private WindowedTrend trend;
  private WindowedTrend.Fit fit = new WindowedTrend(1, 1).fit();

  public BatteryTrend(String thingId, String featureId, String path, MaintenancePolicy policy) {
    super(thingId, featureId, path, policy, STATISTICS);
    trend = new WindowedTrend(policy.battery().window().toMillis(), BUCKETS);
  }

  @Override
  void readStatistics(double[] into, int offset) {
    into[offset] = getLevel();
    into[offset + 1] = getFittedLevel();
    into[offset + 2] = getSlopePerDay();
    into[offset + 3] = getSpanMillis();
    into[offset + 4] = getDaysToCutoff();
  }

  @Override
  void absorb(double level, long atMillis, MaintenancePolicy previousPolicy) {
    MaintenancePolicy.Battery battery = getPolicy().battery();
    if (trend.windowMillis() != battery.window().toMillis()) {
      trend = new WindowedTrend(battery.window().toMillis(), BUCKETS);
    }
    double previous = trend.lastValue();
    if (Double.isFinite(previous) && level - previous > battery.replacementRise()) {
      trend.reset();
    }
    trend.add(atMillis, level);
    fit = trend.fit();
  }

  public double getLevel() {
    return trend.lastValue();
  }

  /** The level on the fitted line at the newest reading. */
  public double getFittedLevel() {
    return fit.levelNow();
  }

  /** Percentage points per day; negative while discharging. */
  public double getSlopePerDay() {
    return fit.slopePerDay();
  }

  /** How much history the line is fitted to. */
  public long getSpanMillis() {
    return fit.spanMillis();
  }

  /**
   * Days until the fitted line reaches the cutoff: 0 at or below it, positive infinity if the level
   * is not falling.
   */
  public double getDaysToCutoff() {
    double cutoff = getPolicy().battery().cutoffLevel();
    if (fit.readings() == 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (trend.lastValue() <= cutoff || fit.levelNow() <= cutoff) {
      return 0;
    }
    return fit.daysUntil(cutoff);
  }
}
