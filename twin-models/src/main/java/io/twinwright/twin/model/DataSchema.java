package io.twinwright.twin.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The subset of a WoT data schema (a JSON Schema dialect) that twin values are checked against.
 *
 * @param type {@code number}, {@code integer}, {@code string}, {@code boolean}, {@code object},
 *     {@code array}, {@code null}, or empty for any
 * @param minimum lowest valid number, if declared
 * @param maximum highest valid number, if declared
 * @param enumValues the allowed values as JSON texts ({@code "\"on\""}, {@code 3}); empty for any
 * @param minLength shortest valid string, if declared
 * @param maxLength longest valid string, if declared
 * @param properties schemas of an object's members
 * @param required members an object must have
 * @param items schema of an array's items, if declared
 */
public record DataSchema(
    String type,
    Optional<Double> minimum,
    Optional<Double> maximum,
    List<String> enumValues,
    OptionalInt minLength,
    OptionalInt maxLength,
    Map<String, DataSchema> properties,
    List<String> required,
    Optional<DataSchema> items) {

  public DataSchema {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(minimum, "minimum");
    Objects.requireNonNull(maximum, "maximum");
    enumValues = List.copyOf(enumValues);
    Objects.requireNonNull(minLength, "minLength");
    Objects.requireNonNull(maxLength, "maxLength");
    properties = Map.copyOf(properties);
    required = List.copyOf(required);
    Objects.requireNonNull(items, "items");
  }

  /** A schema that accepts any value. */
  public static DataSchema any() {
    return new DataSchema(
        "",
        Optional.empty(),
        Optional.empty(),
        List.of(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        Map.of(),
        List.of(),
        Optional.empty());
  }
}
