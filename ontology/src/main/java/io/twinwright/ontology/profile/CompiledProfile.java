package io.twinwright.ontology.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A vendor profile after validation and compilation.
 *
 * @param id the id device registrations name, e.g. {@code acme-th100}
 * @param vendor the vendor's name
 * @param model the device model
 * @param source the file or classpath resource it was read from
 * @param format how payloads are encoded
 * @param payloadLength for binary profiles, the bytes the layout covers (a shorter payload is
 *     truncated); 0 for JSON
 * @param fields the field mappings, ordered by feature id and path so that every vendor's patch
 *     lists the same properties in the same order
 * @param timestamp the field carrying the source timestamp, if the vendor sends one
 */
public record CompiledProfile(
    String id,
    String vendor,
    String model,
    String source,
    PayloadFormat format,
    int payloadLength,
    List<FieldMapping> fields,
    Optional<TimestampField> timestamp) {

  /** How a vendor encodes its payloads ({@code tw:payloadFormat}). */
  public enum PayloadFormat {
    JSON,
    BINARY
  }

  public CompiledProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    fields = List.copyOf(fields);
    Objects.requireNonNull(timestamp, "timestamp");
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("profile " + id + " has no fields");
    }
    if (payloadLength < 0 || (format == PayloadFormat.BINARY) != (payloadLength > 0)) {
      throw new IllegalArgumentException(
          "profile " + id + ": payload length " + payloadLength + " does not suit " + format);
    }
  }
}
