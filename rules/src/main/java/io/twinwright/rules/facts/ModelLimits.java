package io.twinwright.rules.facts;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Operating limits of one Thing Model, taken from the model's data.
 *
 * @param modelId the model reference as twins carry it in their {@code definition} ({@code
 *     namespace:name:version})
 * @param expectedInterval how often a device of this model reports; {@link Duration#ZERO} if it is
 *     not expected to report periodically (no silence detection)
 * @param highAlarms high alarm threshold per feature id, in the feature's canonical unit
 * @param hysteresis per feature id, how far below its high alarm a value must fall before the alarm
 *     clears; features not listed use {@link MonitoringPolicy#defaultHysteresis()}
 */
public record ModelLimits(
    String modelId,
    Duration expectedInterval,
    Map<String, Double> highAlarms,
    Map<String, Double> hysteresis) {

  public ModelLimits {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    Objects.requireNonNull(expectedInterval, "expectedInterval");
    if (expectedInterval.isNegative()) {
      throw new IllegalArgumentException("expectedInterval must not be negative");
    }
    highAlarms = Map.copyOf(highAlarms);
    highAlarms.forEach((feature, limit) -> requireFinite(feature, limit, "high alarm"));
    hysteresis = Map.copyOf(hysteresis);
    hysteresis.forEach(
        (feature, band) -> {
          requireFinite(feature, band, "hysteresis");
          if (band < 0) {
            throw new IllegalArgumentException("negative hysteresis for " + feature + ": " + band);
          }
        });
  }

  /** Limits whose alarms all use the policy's default hysteresis. */
  public ModelLimits(String modelId, Duration expectedInterval, Map<String, Double> highAlarms) {
    this(modelId, expectedInterval, highAlarms, Map.of());
  }

  /** The expected interval in milliseconds, the unit rules compare clock values in. */
  public long expectedIntervalMillis() {
    return expectedInterval.toMillis();
  }

  /** The hysteresis of a feature's high alarm, or the given default if the model sets none. */
  public double hysteresisOf(String featureId, double defaultHysteresis) {
    return hysteresis.getOrDefault(featureId, defaultHysteresis);
  }

  private static void requireFinite(String feature, Double value, String what) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " of " + feature + " must be finite: " + value);
    }
  }
}
