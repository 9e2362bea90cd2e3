package io.twinwright.ontology.graph;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the SPARQL endpoint over the twin graph.
 *
 * @param defaultTimeout how long a query may run when the caller does not ask for less
 * @param maxTimeout the longest timeout a caller may ask for; longer requests are capped
 * @param defaultMaxRows rows returned when the caller does not ask for fewer
 * @param maxRows the most rows a caller may ask for; larger requests are capped
 */
public record TwinGraphConfig(
    Duration defaultTimeout, Duration maxTimeout, int defaultMaxRows, int maxRows) {

  public TwinGraphConfig {
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(maxTimeout, "maxTimeout");
    if (defaultTimeout.isNegative()
        || defaultTimeout.isZero()
        || maxTimeout.compareTo(defaultTimeout) < 0) {
      throw new IllegalArgumentException(
          "need 0 < defaultTimeout <= maxTimeout: " + defaultTimeout + ", " + maxTimeout);
    }
    if (defaultMaxRows < 1 || maxRows < defaultMaxRows) {
      throw new IllegalArgumentException(
          "need 1 <= defaultMaxRows <= maxRows: " + defaultMaxRows + ", " + maxRows);
    }
  }

  /** 5 s per query (at most 30 s), 1,000 rows (at most 10,000). */
  public static TwinGraphConfig defaults() {
    return new TwinGraphConfig(Duration.ofSeconds(5), Duration.ofSeconds(30), 1_000, 10_000);
  }

  /** The timeout to apply to a request for {@code requested} (null or non-positive: default). */
  public Duration timeout(Duration requested) {
    if (requested == null || requested.isNegative() || requested.isZero()) {
      return defaultTimeout;
    }
    return requested.compareTo(maxTimeout) > 0 ? maxTimeout : requested;
  }

  /** The row limit to apply to a request for {@code requested} (non-positive: default). */
  public int rows(int requested) {
    if (requested <= 0) {
      return defaultMaxRows;
    }
    return Math.min(requested, maxRows);
  }
}
