package io.twinwright.rules.findings;

/**
 * A device's temperature went above its model's high alarm; it ends once the temperature falls
 * below {@link #clearBelow()}.
 *
 * @param thingId the device
 * @param value the temperature that raised the finding
 * @param threshold the model's high alarm
 * @param hysteresis the band below the threshold before it clears
 */
public record Overheating(String thingId, double value, double threshold, double hysteresis) {
  public double clearBelow() {
    return threshold - hysteresis;
  }
}
