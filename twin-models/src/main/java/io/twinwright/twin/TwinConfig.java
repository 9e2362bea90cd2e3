package io.twinwright.twin;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the twin service.
 *
 * @param maxBatch most twins written to the store in one bulk write
 * @param retryBackoff wait before retrying a failed bulk write
 * @param searchLimit most results one search returns
 */
public record TwinConfig(int maxBatch, Duration retryBackoff, int searchLimit) {
  public TwinConfig {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive");
    }
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (searchLimit < 1) {
      throw new IllegalArgumentException("searchLimit must be positive");
    }
  }

  public static TwinConfig defaults() {
    return new TwinConfig(2_000, Duration.ofMillis(200), 200);
  }
}
