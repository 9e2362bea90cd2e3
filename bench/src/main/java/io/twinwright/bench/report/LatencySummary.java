package io.twinwright.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in milliseconds.
 *
 * @param count recorded values
 */
public record LatencySummary(
    long count,
    double meanMillis,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double p999Millis,
    double maxMillis) {
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

  public LatencySummary {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }

  /** Summarises a histogram of microseconds. */
  public static LatencySummary ofMicros(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        micros.getTotalCount(),
        micros.getMean() / 1_000.0,
        micros.getValueAtPercentile(50) / 1_000.0,
        micros.getValueAtPercentile(90) / 1_000.0,
        micros.getValueAtPercentile(99) / 1_000.0,
        micros.getValueAtPercentile(99.9) / 1_000.0,
        micros.getMaxValue() / 1_000.0);
  }
}
