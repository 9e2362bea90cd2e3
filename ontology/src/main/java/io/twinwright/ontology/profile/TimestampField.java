package io.twinwright.ontology.profile;

import java.util.Objects;

/**
 * The payload field carrying the time the device took its readings.
 *
 * @param source where it is in the payload
 * @param format how the time is written
 */
public record TimestampField(FieldSource source, Format format) {

  /** How a source timestamp is written. */
  public enum Format {
    /** Integral milliseconds since 1970-01-01T00:00Z. */
    EPOCH_MILLIS,
    /** Seconds since 1970-01-01T00:00Z, possibly fractional. */
    EPOCH_SECONDS,
    /** An ISO-8601 date-time string with offset, e.g. {@code 2023-11-14T22:13:20Z}. */
    ISO_8601
  }

  public TimestampField {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
  }
}
