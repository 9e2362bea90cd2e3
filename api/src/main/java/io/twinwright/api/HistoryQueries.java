package io.twinwright.api;

import io.twinwright.twin.history.HistoryBucket;
import io.twinwright.twin.history.HistoryPoint;
import io.twinwright.twin.history.HistoryQueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Read access to the property history, bound by the platform. Called on the API's worker pool, so
 * an implementation may read a store synchronously. Both methods throw {@link
 * HistoryQueryException} for a query that cannot be answered as asked (answered with 400).
 */
public interface HistoryQueries {

  /**
   * Readings of one property in {@code [from, to)}, oldest first, at most {@code limit}.
   *
   * @param pointer {@code /features/<featureId>/properties/<path>}
   */
  List<HistoryPoint> points(String thingId, String pointer, Instant from, Instant to, int limit);

  /** Numeric readings of one property in {@code [from, to)} summarised per step. */
  List<HistoryBucket> buckets(
      String thingId, String pointer, Instant from, Instant to, Duration step);
}
