package io.twinwright.platform.demo;

import java.util.Locale;
import java.util.Objects;

/**
 * One simulated device of the demo fleet: its identity, vendor, credentials and behaviour.
 *
 * @param deviceId device id (= auth id)
 * @param vendor which vendor's payload format it speaks
 * @param password its own secret
 * @param behaviour how it misbehaves, if at all
 * @param baseCelsius its normal temperature
 */
record SimulatedDevice(
    String deviceId, Vendor vendor, String password, Behaviour behaviour, double baseCelsius) {

  enum Behaviour {
    NORMAL,
    OVERHEATS,
    GOES_SILENT,
    BRUTE_FORCED
  }

  /** The vendors of the demo fleet, each with its own payload shape and units. */
  enum Vendor {
    ACME("acme-th100"),
    NORDLYS("nordlys-ens2"),
    KELVINIX("kelvinix-k3");

    final String profile;

    Vendor(String profile) {
      this.profile = profile;
    }
  }

  SimulatedDevice {
    Objects.requireNonNull(deviceId);
    Objects.requireNonNull(vendor);
    Objects.requireNonNull(password);
    Objects.requireNonNull(behaviour);
  }

  /** The payload this device's vendor sends for a reading, in the vendor's own units. */
  String payload(double celsius, double humidity, double battery, long epochMillis) {
    return switch (vendor) {
      case ACME ->
          String.format(
              Locale.ROOT,
              "{\"temp_f\":%.2f,\"rh\":%.1f,\"bat\":%.0f}",
              celsius * 9 / 5 + 32,
              humidity,
              battery);
      case NORDLYS ->
          String.format(
              Locale.ROOT,
              "{\"t\":%d,\"env\":{\"hum\":%.1f},\"battery\":{\"pct\":%.0f},\"ts\":%d}",
              Math.round(celsius * 100),
              humidity,
              battery,
              epochMillis);
      case KELVINIX ->
          String.format(
              Locale.ROOT,
              "{\"readings\":[{\"k\":%.2f}],\"humidity_permille\":%d,\"power\":{\"soc\":%.2f}}",
              celsius + 273.15,
              Math.round(humidity * 10),
              battery / 100);
    };
  }
}
