/**
 * Streaming statistics behind the maintenance rules: each type is updated once per reading in
 * constant time and holds a bounded amount of state, so a sensor that reports for years costs the
 * same as one that reported yesterday. The immutable records ({@link
 * io.twinwright.rules.maintenance.analytics.Ewma}, {@link
 * io.twinwright.rules.maintenance.analytics.Cusum}, {@link
 * io.twinwright.rules.maintenance.analytics.StuckRun}) return their next state; {@link
 * io.twinwright.rules.maintenance.analytics.WindowedTrend} is mutable because it keeps a fixed ring
 * of time buckets that copying on every reading would only waste.
 */
package io.twinwright.rules.maintenance.analytics;
