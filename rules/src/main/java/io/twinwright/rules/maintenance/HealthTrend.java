package io.twinwright.rules.maintenance;

import io.twinwright.rules.maintenance.analytics.WindowedTrend;

/**
 * The trend of an asset's health index over the policy window and the remaining useful life it
 * implies: the time until the fitted line reaches the failure level, capped at the policy's longest
 * forecast. A sharp fall of the index is a repair: the history before it is forgotten.
 */
public final class HealthTrend extends SensorTracker {
  /** Resolution of the window's edge. */
  private static final int BUCKETS = 60;

  private static final double MILLIS_PER_DAY = 86_400_000.0;

  private static final Statistics STATISTICS =
      new Statistics(
          "index",
          "fittedIndex",
          "slopePerDay",
          "readings",
          "forecastable",
          "remainingUsefulLifeMillis");

  private WindowedTrend trend;
  private WindowedTrend.Fit fit = new WindowedTrend(1, 1).fit();

  public HealthTrend(String thingId, String featureId, String path, MaintenancePolicy policy) {
    super(thingId, featureId, path, policy, STATISTICS);
    trend = new WindowedTrend(policy.health().window().toMillis(), BUCKETS);
  }

  @Override
  void readStatistics(double[] into, int offset) {
    into[offset] = getIndex();
    into[offset + 1] = getFittedIndex();
    into[offset + 2] = getSlopePerDay();
    into[offset + 3] = getReadings();
    into[offset + 4] = isForecastable() ? 1 : 0;
    into[offset + 5] = getRemainingUsefulLifeMillis();
  }

  @Override
  void absorb(double index, long atMillis, MaintenancePolicy previousPolicy) {
    long window = getPolicy().health().window().toMillis();
    if (trend.windowMillis() != window) {
      trend = new WindowedTrend(window, BUCKETS);
    }
    double previous = trend.lastValue();
    if (Double.isFinite(previous) && previous - index > getPolicy().health().repairDrop()) {
      trend.reset();
    }
    trend.add(atMillis, index);
    fit = trend.fit();
  }

  public double getIndex() {
    return trend.lastValue();
  }

  /** The index on the fitted line at the newest reading. */
  public double getFittedIndex() {
    return fit.levelNow();
  }

  /** Change of the index per day. */
  public double getSlopePerDay() {
    return fit.slopePerDay();
  }

  /** How many readings the trend is fitted to. */
  public long getReadings() {
    return fit.readings();
  }

  /** Whether the window holds enough readings for a forecast. */
  public boolean isForecastable() {
    return fit.readings() >= getPolicy().health().minReadings();
  }

  /**
   * The estimated remaining useful life in milliseconds: 0 at or past the failure level, the
   * policy's longest forecast if the index is not heading for it or would take longer.
   */
  public long getRemainingUsefulLifeMillis() {
    MaintenancePolicy.Health health = getPolicy().health();
    long cap = health.maxForecast().toMillis();
    if (fit.readings() == 0) {
      return cap;
    }
    if (fit.levelNow() >= health.failureLevel()) {
      return 0;
    }
    double days = fit.daysUntil(health.failureLevel());
    if (!Double.isFinite(days)) {
      return cap;
    }
    return (long) Math.min(cap, days * MILLIS_PER_DAY);
  }
}
