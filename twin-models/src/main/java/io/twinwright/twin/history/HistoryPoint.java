package io.twinwright.twin.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded reading of a property.
 *
 * @param t the reading's source time
 * @param value a {@link Number}, {@link String} or {@link Boolean}
 */
public record HistoryPoint(Instant t, Object value) {
  public HistoryPoint {
    Objects.requireNonNull(t, "t");
    Objects.requireNonNull(value, "value");
    if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
      throw new IllegalArgumentException("unsupported value type: " + value.getClass());
    }
  }
}
