package io.twinwright.rules.facts;

import java.util.Locale;
import java.util.Objects;

/**
 * A device reported the firmware it runs: an event, kept for an hour.
 *
 * @param thingId the device
 * @param version the version it reports
 * @param sha256 the hash of the image, lower-case hex
 * @param atMillis when, epoch milliseconds
 */
public record FirmwareReport(String thingId, String version, String sha256, long atMillis) {
  public FirmwareReport {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(version, "version");
    sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
  }
}
