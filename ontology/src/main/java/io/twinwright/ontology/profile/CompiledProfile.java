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
 * @param fields the field mappings, ordered by feature id and path so that every vendor's patch
 *     lists the same properties in the same order
 * @param timestamp the field carrying the source timestamp, if the vendor sends one
 */
public record CompiledProfile(
    String id,
    String vendor,
    String model,
    String source,
    List<FieldMapping> fields,
    Optional<TimestampField> timestamp) {

  public CompiledProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    fields = List.copyOf(fields);
    Objects.requireNonNull(timestamp, "timestamp");
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("profile " + id + " has no fields");
    }
  }
}
