package io.twinwright.ontology.vocab;

import java.util.Objects;

/**
 * A canonical observable property of the platform vocabulary.
 *
 * @param iri e.g. {@code https://twinwright.io/ns#temperature}
 * @param quantityKind the QUDT quantity kind IRI it measures
 * @param unit the canonical unit every twin value of it is stored in
 * @param featureId the default Ditto feature id
 * @param path the default property path inside that feature
 * @param minimum the lowest physically possible canonical value ({@code tw:minimum}), or negative
 *     infinity when unbounded
 * @param maximum the highest physically possible canonical value ({@code tw:maximum}), or positive
 *     infinity when unbounded
 */
public record CanonicalProperty(
    String iri,
    String quantityKind,
    Unit unit,
    String featureId,
    String path,
    double minimum,
    double maximum) {

  public CanonicalProperty {
    Objects.requireNonNull(iri, "iri");
    Objects.requireNonNull(quantityKind, "quantityKind");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(featureId, "featureId");
    Objects.requireNonNull(path, "path");
    if (Double.isNaN(minimum) || Double.isNaN(maximum) || minimum > maximum) {
      throw new IllegalArgumentException(
          "physical range of " + iri + " is empty: " + minimum + " .. " + maximum);
    }
  }

  /** An unbounded property. */
  public CanonicalProperty(
      String iri, String quantityKind, Unit unit, String featureId, String path) {
    this(
        iri,
        quantityKind,
        unit,
        featureId,
        path,
        Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY);
  }

  /** Whether a canonical value can physically be a reading of this property. */
  public boolean inRange(double value) {
    return value >= minimum && value <= maximum;
  }
}
