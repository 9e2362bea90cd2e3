package io.twinwright.bench.payload;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the n-th message of a device as a {@code nordlys-ens2} payload {@code {"t": centi}} and
 * maps the twin value the platform derives from it ({@code t / 100} degrees Celsius) back to the
 * centi-degree value.
 *
 * <p>Values run from {@value #BASE_CENTI} upwards and wrap after {@value #SPAN} messages: every
 * value within a window of {@value #SPAN} consecutive messages of one device is distinct, and all
 * values (15.00 to 39.99 °C) lie inside the environment-sensor model's range (-40 to 125 °C) and
 * below its high alarm (45 °C), so the load never trips validation errors or alarm rules that would
 * measure something other than the plain telemetry path.
 */
public final class TemperatureCodec {
  /** Lowest value sent, in centi-degrees (15.00 °C). */
  public static final int BASE_CENTI = 1_500;

  /** Distinct values per device before they repeat. */
  public static final int SPAN = 2_500;

  private TemperatureCodec() {}

  /** The centi-degree value of a device's {@code counter}-th message. */
  public static int centiFor(long counter) {
    if (counter < 0) {
      throw new IllegalArgumentException("counter must not be negative: " + counter);
    }
    return BASE_CENTI + (int) (counter % SPAN);
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
