package io.twinwright.ontology.profile;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Objects;

/**
 * The payload field carrying the time the device took its readings.
 *
 * @param pointer the field's JSON pointer in the payload
 * @param format how the time is written
 */
public record TimestampField(JsonPointer pointer, Format format) {

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
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(format, "format");
  }
}
