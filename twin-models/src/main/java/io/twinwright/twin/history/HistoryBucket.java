package io.twinwright.twin.history;

import java.time.Instant;
import java.util.Objects;

/**
 * The numeric readings of one property within one step of a downsampled query.
 *
 * @param start the step's start (a multiple of the step since the epoch)
 * @param min smallest reading
 * @param max largest reading
 * @param avg mean of the readings
 * @param count how many readings (at least one: empty steps are left out)
 */
public record HistoryBucket(Instant start, double min, double max, double avg, long count) {
  public HistoryBucket {
    Objects.requireNonNull(start, "start");
    if (count < 1) {
      throw new IllegalArgumentException("a bucket holds at least one reading");
    }
  }
}
