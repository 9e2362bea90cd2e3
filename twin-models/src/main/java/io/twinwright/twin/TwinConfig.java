package io.twinwright.twin;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the twin service.
 *
 * @param maxBatch most twins written to the store in one bulk write
 * @param retryBackoff wait before retrying a failed bulk write
 * @param searchLimit most results one search returns
 * @param deferredWriteWindow how long a change nobody waits for (QoS 0 telemetry) may stay in
 *     memory to be coalesced with later changes of the same twin before it is written
 * @param maxIndexedPaths most twin paths given a search value index (each created when a filter
 *     first asks for it); filters on further paths are answered by scanning
 */
public record TwinConfig(
    int maxBatch,
    Duration retryBackoff,
    int searchLimit,
    Duration deferredWriteWindow,
    int maxIndexedPaths) {
  public TwinConfig {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive");
    }
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (searchLimit < 1) {
      throw new IllegalArgumentException("searchLimit must be positive");
    }
    Objects.requireNonNull(deferredWriteWindow, "deferredWriteWindow");
    if (deferredWriteWindow.isNegative()) {
      throw new IllegalArgumentException("deferredWriteWindow must not be negative");
    }
    if (maxIndexedPaths < 0) {
      throw new IllegalArgumentException("maxIndexedPaths must not be negative");
    }
  }

  public static TwinConfig defaults() {
    return new TwinConfig(2_000, Duration.ofMillis(200), 200, Duration.ofSeconds(2), 32);
  }

  public TwinConfig withDeferredWriteWindow(Duration window) {
    return new TwinConfig(maxBatch, retryBackoff, searchLimit, window, maxIndexedPaths);
  }
}
