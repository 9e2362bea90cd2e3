package io.twinwright.twin.history;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the property history.
 *
 * @param retention how long readings are kept, counted from their source time
 * @param bucket the span of source time whose readings of one twin share a stored document
 * @param flushInterval how long readings nobody waits for may stay in memory before a bulk write
 * @param maxBufferedReadings readings held in memory at most; beyond that, readings nobody waits
 *     for (at-most-once telemetry) are dropped from the history rather than slowing the twin path
 * @param maxQueryReadings readings one query may read at most before it is refused as too broad
 * @param retryBackoff wait before retrying a failed bulk write
 */
public record HistoryConfig(
    Duration retention,
    Duration bucket,
    Duration flushInterval,
    int maxBufferedReadings,
    int maxQueryReadings,
    Duration retryBackoff) {

  public HistoryConfig {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive");
    }
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.toMillis() < 1000) {
      throw new IllegalArgumentException("bucket must be at least a second");
    }
    Objects.requireNonNull(flushInterval, "flushInterval");
    if (flushInterval.isNegative()) {
      throw new IllegalArgumentException("flushInterval must not be negative");
    }
    if (maxBufferedReadings < 1) {
      throw new IllegalArgumentException("maxBufferedReadings must be positive");
    }
    if (maxQueryReadings < 1) {
      throw new IllegalArgumentException("maxQueryReadings must be positive");
    }
    Objects.requireNonNull(retryBackoff, "retryBackoff");
  }

  public static HistoryConfig defaults() {
    return new HistoryConfig(
        Duration.ofDays(7),
        Duration.ofMinutes(10),
        Duration.ofSeconds(2),
        500_000,
        1_000_000,
        Duration.ofMillis(200));
  }

  public HistoryConfig withRetention(Duration value) {
    return new HistoryConfig(
        value, bucket, flushInterval, maxBufferedReadings, maxQueryReadings, retryBackoff);
  }

  public HistoryConfig withFlushInterval(Duration value) {
    return new HistoryConfig(
        retention, bucket, value, maxBufferedReadings, maxQueryReadings, retryBackoff);
  }

  public HistoryConfig withMaxBufferedReadings(int value) {
    return new HistoryConfig(
        retention, bucket, flushInterval, value, maxQueryReadings, retryBackoff);
  }
}
