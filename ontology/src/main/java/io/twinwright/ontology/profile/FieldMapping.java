package io.twinwright.ontology.profile;

import io.twinwright.ontology.vocab.LinearConversion;
import java.util.Objects;

/**
 * One compiled payload field: where to find the raw number, where its canonical value goes, the
 * multiply-add between the two, and the physical range a canonical value must lie in.
 *
 * @param source where the raw number is in the payload
 * @param property the canonical property IRI
 * @param featureId the twin feature written to
 * @param path the property path inside that feature
 * @param unit the canonical unit IRI the value ends up in
 * @param conversion raw number to canonical value
 * @param minimum lowest physically possible canonical value (negative infinity: unbounded)
 * @param maximum highest physically possible canonical value (positive infinity: unbounded)
 */
public record FieldMapping(
    FieldSource source,
    String property,
    String featureId,
    String path,
    String unit,
    LinearConversion conversion,
    double minimum,
    double maximum) {

  public FieldMapping {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(featureId, "featureId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(conversion, "conversion");
    if (Double.isNaN(minimum) || Double.isNaN(maximum) || minimum > maximum) {
      throw new IllegalArgumentException("empty range " + minimum + " .. " + maximum);
    }
  }
}
