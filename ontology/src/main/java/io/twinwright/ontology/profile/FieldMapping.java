package io.twinwright.ontology.profile;

import com.fasterxml.jackson.core.JsonPointer;
import io.twinwright.ontology.vocab.LinearConversion;
import java.util.Objects;

/**
 * One compiled payload field: where to find the raw number, where its canonical value goes, and the
 * multiply-add between the two.
 *
 * @param pointer the field's JSON pointer in the payload
 * @param property the canonical property IRI
 * @param featureId the twin feature written to
 * @param path the property path inside that feature
 * @param unit the canonical unit IRI the value ends up in
 * @param conversion raw number to canonical value
 */
public record FieldMapping(
    JsonPointer pointer,
    String property,
    String featureId,
    String path,
    String unit,
    LinearConversion conversion) {

  public FieldMapping {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(featureId, "featureId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(conversion, "conversion");
  }
}
