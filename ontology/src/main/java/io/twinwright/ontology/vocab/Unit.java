package io.twinwright.ontology.vocab;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the unit table. A value {@code v} in this unit is {@code (v + offset) * multiplier} in
 * the SI unit of its dimension (QUDT's convention).
 *
 * @param iri the QUDT unit IRI
 * @param symbol the display symbol, e.g. {@code °C}
 * @param multiplier QUDT conversion multiplier, exact as written in the table
 * @param offset QUDT conversion offset (zero for all but temperature scales)
 * @param dimension the QUDT dimension vector IRI, e.g. {@code qkdv:A0E0L0I0M0H1T0D0} for
 *     temperature; two units convert into each other only when these are equal
 * @param quantityKinds the QUDT quantity kind IRIs a profile may use this unit for
 */
public record Unit(
    String iri,
    String symbol,
    BigDecimal multiplier,
    BigDecimal offset,
    String dimension,
    Set<String> quantityKinds) {

  public Unit {
    Objects.requireNonNull(iri, "iri");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(multiplier, "multiplier");
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(dimension, "dimension");
    quantityKinds = Set.copyOf(quantityKinds);
    if (multiplier.signum() == 0) {
      throw new IllegalArgumentException("conversion multiplier of " + iri + " is zero");
    }
  }

  public boolean measures(String quantityKind) {
    return quantityKinds.contains(quantityKind);
  }

  /** Whether values in this unit convert linearly into {@code other}. */
  public boolean sameDimension(Unit other) {
    return dimension.equals(other.dimension);
  }
}
