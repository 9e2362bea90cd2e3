package io.twinwright.platform.wiring;

import io.twinwright.api.HistoryQueries;
import io.twinwright.twin.history.HistoryBucket;
import io.twinwright.twin.history.HistoryPoint;
import io.twinwright.twin.history.PropertyHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The API's history port over the platform's property history. */
public final class ApiHistory implements HistoryQueries {
  private final PropertyHistory history;

  public ApiHistory(PropertyHistory history) {
    this.history = history;
  }

  @Override
  public List<HistoryPoint> points(
      String thingId, String pointer, Instant from, Instant to, int limit) {
    return history.points(thingId, pointer, from, to, limit);
  }

  @Override
  public List<HistoryBucket> buckets(
      String thingId, String pointer, Instant from, Instant to, Duration step) {
    return history.buckets(thingId, pointer, from, to, step);
  }
}
