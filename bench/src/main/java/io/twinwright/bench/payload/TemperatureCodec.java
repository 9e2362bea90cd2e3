package io.twinwright.bench.payload;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the n-th message of a device as a {@code nordlys-ens2} payload {@code {"t": centi}} and
 * maps the twin value the platform derives from it ({@code t / 100} degrees Celsius) back to the
 * centi-degree value.
 *
 * <p>Every value within a window of {@value #SPAN} consecutive messages of one device is distinct
 * (the counter is scrambled by a multiplier coprime with the span), which is what matching an SSE
 * update back to its publish needs. The values stay in a narrow band (21.00 to 23.49 °C) and jump
 * around in it rather than rising: a stationary, noisy indoor temperature. A steadily rising signal
 * would be — rightly — reported as sensor drift by the maintenance rules on every device, and the
 * benchmark would then measure an alert storm rather than the telemetry path; the band also stays
 * inside the model's range and below its high alarm.
 */
public final class TemperatureCodec {
  /** Lowest value sent, in centi-degrees (21.00 °C). */
  public static final int BASE_CENTI = 2_100;

  /** Distinct values per device before they repeat. */
  public static final int SPAN = 250;

  /** Coprime with {@link #SPAN}, so {@code counter * SCRAMBLE mod SPAN} visits every value once. */
  private static final int SCRAMBLE = 97;

  private TemperatureCodec() {}

  /** The centi-degree value of a device's {@code counter}-th message. */
  public static int centiFor(long counter) {
    if (counter < 0) {
      throw new IllegalArgumentException("counter must not be negative: " + counter);
    }
    return BASE_CENTI + (int) ((counter % SPAN) * SCRAMBLE % SPAN);
  }

  /** The MQTT payload carrying a centi-degree value. */
  public static byte[] payload(int centi) {
    return ("{\"t\":" + centi + "}").getBytes(StandardCharsets.US_ASCII);
  }

  /** The twin property value the platform stores for a centi-degree value. */
  public static double twinValue(int centi) {
    return centi / 100.0;
  }

  /**
   * The centi-degree value a twin value came from. Rounds, because the platform stores {@code t /
   * 100} as a double rounded to 6 decimals, which is not exact in binary.
   */
  public static int centiOf(double twinValue) {
    if (!Double.isFinite(twinValue)) {
      throw new IllegalArgumentException("twin value must be finite: " + twinValue);
    }
    return (int) Math.round(twinValue * 100.0);
  }
}
