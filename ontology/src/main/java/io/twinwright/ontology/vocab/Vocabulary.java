package io.twinwright.ontology.vocab;

import io.twinwright.ontology.ProfileException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.vocabulary.RDF;

/**
 * The canonical properties and the unit table, as plain Java maps keyed by IRI. Built once per load
 * from the bundled Turtle; profiles are compiled against it.
 */
public final class Vocabulary {
  public static final String VOCABULARY_RESOURCE = "vocab/twinwright.ttl";
  public static final String UNITS_RESOURCE = "vocab/units.ttl";

  private final Map<String, Unit> units;
  private final Map<String, CanonicalProperty> properties;

  private Vocabulary(Map<String, Unit> units, Map<String, CanonicalProperty> properties) {
    this.units = Map.copyOf(units);
    this.properties = Map.copyOf(properties);
  }

  /** The vocabulary and unit table bundled with this module. */
  public static Vocabulary bundled() {
    String unitSource = "classpath:" + TurtleReader.RESOURCE_ROOT.substring(1) + UNITS_RESOURCE;
    String vocabSource =
        "classpath:" + TurtleReader.RESOURCE_ROOT.substring(1) + VOCABULARY_RESOURCE;
    Map<String, Unit> units = readUnits(unitSource, TurtleReader.readResource(UNITS_RESOURCE));
    Map<String, CanonicalProperty> properties =
        readProperties(vocabSource, TurtleReader.readResource(VOCABULARY_RESOURCE), units);
    return new Vocabulary(units, properties);
  }

  public Optional<Unit> unit(String iri) {
    return Optional.ofNullable(units.get(iri));
  }

  public Optional<CanonicalProperty> property(String iri) {
    return Optional.ofNullable(properties.get(iri));
  }

  public Collection<Unit> units() {
    return units.values();
  }

  public Collection<CanonicalProperty> properties() {
    return properties.values();
  }

  /** Reads every {@code qudt:Unit} of a unit table, keyed by IRI. */
  public static Map<String, Unit> readUnits(String source, Model model) {
    Map<String, Unit> units = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Resource r : model.listSubjectsWithProperty(RDF.type, Tw.QUDT_UNIT).toList()) {
      String name = Tw.shortForm(r.getURI());
      Optional<BigDecimal> multiplier = number(r, Tw.CONVERSION_MULTIPLIER, problems, name);
      Optional<BigDecimal> offset = number(r, Tw.CONVERSION_OFFSET, problems, name);
      Set<String> kinds = new HashSet<>();
      r.listProperties(Tw.HAS_QUANTITY_KIND).forEach(s -> kinds.add(s.getResource().getURI()));
      if (multiplier.isEmpty()) {
        problems.add(name + " has no qudt:conversionMultiplier");
      } else if (multiplier.get().signum() == 0) {
        problems.add(name + " has a conversion multiplier of zero");
      } else if (kinds.isEmpty()) {
        problems.add(name + " has no qudt:hasQuantityKind");
      } else {
        Statement symbol = r.getProperty(Tw.SYMBOL);
        units.put(
            r.getURI(),
            new Unit(
                r.getURI(),
                symbol == null ? name : symbol.getString(),
                multiplier.get(),
                offset.orElse(BigDecimal.ZERO),
                kinds));
      }
    }
    fail(source, problems);
    return units;
  }

  private static Map<String, CanonicalProperty> readProperties(
      String source, Model model, Map<String, Unit> units) {
    Map<String, CanonicalProperty> properties = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Resource r : model.listSubjectsWithProperty(RDF.type, Tw.CANONICAL_PROPERTY).toList()) {
      String name = Tw.shortForm(r.getURI());
      Resource kind = iri(r, Tw.HAS_QUANTITY_KIND);
      Resource unitIri = iri(r, Tw.CANONICAL_UNIT);
      String feature = string(r, Tw.FEATURE_ID);
      String path = string(r, Tw.PROPERTY_PATH);
      if (kind == null || unitIri == null || feature == null || path == null) {
        problems.add(
            name
                + " needs one qudt:hasQuantityKind, tw:canonicalUnit, tw:featureId and"
                + " tw:propertyPath");
        continue;
      }
      Unit unit = units.get(unitIri.getURI());
      if (unit == null) {
        problems.add(name + ": canonical unit " + Tw.shortForm(unitIri.getURI()) + " is unknown");
      } else if (!unit.measures(kind.getURI())) {
        problems.add(
            name
                + ": canonical unit "
                + Tw.shortForm(unit.iri())
                + " does not measure "
                + Tw.shortForm(kind.getURI()));
      } else {
        properties.put(
            r.getURI(), new CanonicalProperty(r.getURI(), kind.getURI(), unit, feature, path));
      }
    }
    fail(source, problems);
    return properties;
  }

  private static Optional<BigDecimal> number(
      Resource r, Property p, List<String> problems, String name) {
    Statement s = r.getProperty(p);
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(s.getLiteral().getLexicalForm()));
    } catch (RuntimeException e) {
      problems.add(name + ": " + Tw.shortForm(p.getURI()) + " is not a finite number");
      return Optional.empty();
    }
  }

  private static Resource iri(Resource r, Property p) {
    Statement s = r.getProperty(p);
    return s != null && s.getObject().isURIResource() ? s.getResource() : null;
  }

  private static String string(Resource r, Property p) {
    Statement s = r.getProperty(p);
    RDFNode o = s == null ? null : s.getObject();
    return o != null && o.isLiteral() ? ((Literal) o).getLexicalForm() : null;
  }

  private static void fail(String source, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new ProfileException(source, String.join("; ", problems));
    }
  }
}
