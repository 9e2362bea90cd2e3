package io.twinwright.bench.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How the platform's counters moved between two {@code /health} readings.
 *
 * @param seconds time between the readings
 * @param deltas change of every counter present in both readings, in the later reading's order
 * @param twinUpdateCounter the counter taken to count twin updates, if one could be recognised
 */
public record HealthDelta(
    double seconds, Map<String, Double> deltas, Optional<String> twinUpdateCounter) {
  public HealthDelta {
    if (seconds < 0 || !Double.isFinite(seconds)) {
      throw new IllegalArgumentException("seconds must be finite and not negative: " + seconds);
    }
    deltas = Collections.unmodifiableMap(new LinkedHashMap<>(deltas));
    Objects.requireNonNull(twinUpdateCounter, "twinUpdateCounter");
  }

  /**
   * Compares two readings. The twin update counter is recognised by name because the platform's
   * health document has no fixed schema: the first counter whose path mentions both "twin" and
   * "update" (or "patch"), else the first that mentions "update".
   */
  public static HealthDelta between(HealthSnapshot before, HealthSnapshot after) {
    Map<String, Double> deltas = new LinkedHashMap<>();
    after
        .counters()
        .forEach(
            (key, value) -> {
              Double old = before.counters().get(key);
              if (old != null) {
                deltas.put(key, value - old);
              }
            });
    double seconds = Math.max(0, (after.takenAtNanos() - before.takenAtNanos()) / 1e9);
    return new HealthDelta(seconds, deltas, recogniseTwinUpdates(deltas));
  }

  /** A delta for when the platform has no usable health document. */
  public static HealthDelta none() {
    return new HealthDelta(0, Map.of(), Optional.empty());
  }

  /** Change per second of every counter. */
  public Map<String, Double> ratesPerSecond() {
    Map<String, Double> rates = new LinkedHashMap<>();
    if (seconds > 0) {
      deltas.forEach((key, delta) -> rates.put(key, delta / seconds));
    }
    return Collections.unmodifiableMap(rates);
  }

  /** The platform's twin updates per second while measuring, if its counter was recognised. */
  public OptionalDouble twinUpdatesPerSecond() {
    if (twinUpdateCounter.isEmpty() || seconds <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(deltas.get(twinUpdateCounter.get()) / seconds);
  }

  private static Optional<String> recogniseTwinUpdates(Map<String, Double> deltas) {
    Optional<String> specific =
        deltas.keySet().stream()
            .filter(
                key -> {
                  String name = key.toLowerCase(Locale.ROOT);
                  return name.contains("twin")
                      && (name.contains("update") || name.contains("patch"));
                })
            .findFirst();
    if (specific.isPresent()) {
      return specific;
    }
    return deltas.keySet().stream()
        .filter(key -> key.toLowerCase(Locale.ROOT).contains("update"))
        .findFirst();
  }
}
