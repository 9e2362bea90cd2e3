package io.twinwright.twin.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a W3C WoT Thing Model the platform acts on.
 *
 * @param id the model reference twins carry as their Ditto {@code definition}: {@code
 *     namespace:name:version}
 * @param title human-readable title
 * @param semanticType the model's {@code @type} (an ontology term), or empty
 * @param expectedInterval how often a healthy device of this model reports
 * @param properties the model's properties by name (= twin feature id)
 */
public record ThingModel(
    String id,
    String title,
    String semanticType,
    Duration expectedInterval,
    Map<String, PropertySpec> properties) {

  public ThingModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(semanticType, "semanticType");
    Objects.requireNonNull(expectedInterval, "expectedInterval");
    properties = Map.copyOf(properties);
  }

  /**
   * One property of a Thing Model.
   *
   * @param name the property name, used as the twin feature id
   * @param type the JSON type ({@code number}, {@code integer}, {@code string}, {@code boolean})
   * @param unit the canonical unit as a QUDT IRI, or empty
   * @param semanticType the ontology term of the observed property, or empty
   * @param minimum lowest valid value, if declared
   * @param maximum highest valid value, if declared
   * @param highAlarm value above which the rules raise an alarm ({@code tw:highAlarm}), if declared
   * @param readOnly whether only the device reports the value (applications may not write it)
   * @param schema the full data schema the property's value is validated against
   */
  public record PropertySpec(
      String name,
      String type,
      String unit,
      String semanticType,
      Optional<Double> minimum,
      Optional<Double> maximum,
      Optional<Double> highAlarm,
      boolean readOnly,
      DataSchema schema) {
    public PropertySpec {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(semanticType, "semanticType");
      Objects.requireNonNull(minimum, "minimum");
      Objects.requireNonNull(maximum, "maximum");
      Objects.requireNonNull(highAlarm, "highAlarm");
      Objects.requireNonNull(schema, "schema");
    }
  }
}
