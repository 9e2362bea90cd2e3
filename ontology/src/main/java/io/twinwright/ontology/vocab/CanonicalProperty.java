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
 */
public record CanonicalProperty(
    String iri, String quantityKind, Unit unit, String featureId, String path) {

  public CanonicalProperty {
    Objects.requireNonNull(iri, "iri");
    Objects.requireNonNull(quantityKind, "quantityKind");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(featureId, "featureId");
    Objects.requireNonNull(path, "path");
  }
}
