package io.twinwright.ontology.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.RDFDataMgr;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks every multiplier and offset of our unit table against QUDT's full unit vocabulary. That
 * file is reference data outside the project; the test skips when it is not there.
 */
class QudtUnitTableTest {

  private static Optional<Path> qudtFile() {
    // tests run in the module directory, one level below the project root
    return Stream.of("../../shared/data/ontologies", "../shared/data/ontologies")
        .map(dir -> Path.of(dir, "qudt-units-all.ttl"))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  @Test
  void multipliers_and_offsets_match_qudt() {
    Optional<Path> file = qudtFile();
    Assumptions.assumeTrue(
        file.isPresent(), "QUDT reference data (../shared/data/ontologies) not found: skipped");
    Model qudt = RDFDataMgr.loadModel(file.get().toString());

    List<String> mismatches = new ArrayList<>();
    for (Unit unit : Vocabulary.bundled().units()) {
      Resource r = qudt.getResource(unit.iri());
      BigDecimal multiplier = number(r, Tw.CONVERSION_MULTIPLIER);
      BigDecimal offset = number(r, Tw.CONVERSION_OFFSET);
      if (multiplier == null) {
        mismatches.add(unit.iri() + " is not in QUDT");
        continue;
      }
      if (multiplier.compareTo(unit.multiplier()) != 0) {
        mismatches.add(unit.iri() + " multiplier " + unit.multiplier() + " != " + multiplier);
      }
      BigDecimal expectedOffset = offset == null ? BigDecimal.ZERO : offset;
      if (expectedOffset.compareTo(unit.offset()) != 0) {
        mismatches.add(unit.iri() + " offset " + unit.offset() + " != " + expectedOffset);
      }
      Statement dimension = r.getProperty(Tw.HAS_DIMENSION_VECTOR);
      if (dimension == null || !dimension.getResource().getURI().equals(unit.dimension())) {
        mismatches.add(unit.iri() + " dimension " + unit.dimension() + " != " + dimension);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void the_table_holds_the_units_devices_really_send() {
    List<String> expected =
        List.of(
            "DEG_C",
            "DEG_F",
            "K", // temperature
            "PA",
            "KiloPA",
            "BAR",
            "PSI",
            "HectoPA",
            "MilliBAR", // pressure
            "MilliM-PER-SEC",
            "IN-PER-SEC", // vibration velocity
            "M-PER-SEC2",
            "G", // acceleration
            "V",
            "MilliV",
            "A",
            "MilliA",
            "W",
            "KiloW", // electrical
            "W-HR",
            "KiloW-HR",
            "J", // energy
            "PERCENT",
            "PERCENT_RH", // ratios
            "REV-PER-MIN",
            "RAD-PER-SEC", // rotational speed
            "M3-PER-HR",
            "L-PER-MIN",
            "L-PER-SEC", // flow
            "M",
            "MilliM",
            "CentiM",
            "FT",
            "IN"); // distance
    Vocabulary vocabulary = Vocabulary.bundled();
    for (String name : expected) {
      assertThat(vocabulary.unit(Tw.UNIT + name)).as(name).isPresent();
    }
  }

  private static BigDecimal number(Resource r, Property p) {
    Statement s = r.getProperty(p);
    return s == null ? null : new BigDecimal(s.getLiteral().getLexicalForm());
  }
}
