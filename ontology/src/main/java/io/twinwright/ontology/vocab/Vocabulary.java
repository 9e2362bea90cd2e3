package io.twinwright.ontology.vocab;

import io.twinwright.ontology.ContentProblem;
import io.twinwright.ontology.ProfileException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * The canonical properties, the unit table and the known vocabulary terms, as plain Java maps keyed
 * by IRI. Built once per load from the bundled Turtle plus any extra vocabulary files; profiles are
 * compiled against it and Thing Models checked against it.
 */
public final class Vocabulary {
  public static final String VOCABULARY_RESOURCE = "vocab/twinwright.ttl";
  public static final String UNITS_RESOURCE = "vocab/units.ttl";

  private final Map<String, Unit> units;
  private final Map<String, CanonicalProperty> properties;
  private final Set<String> terms;
  private final Set<String> classes;
  private final Model model;

  private Vocabulary(
      Map<String, Unit> units,
      Map<String, CanonicalProperty> properties,
      Set<String> terms,
      Set<String> classes,
      Model model) {
    this.units = Map.copyOf(units);
    this.properties = Map.copyOf(properties);
    this.terms = Set.copyOf(terms);
    this.classes = Set.copyOf(classes);
    this.model = model;
  }

  /** The vocabulary and unit table bundled with this module. */
  public static Vocabulary bundled() {
    return load(List.of());
  }

  /**
   * The bundled vocabulary extended by {@code extras} (a content folder's {@code vocab/*.ttl}):
   * they may add units, canonical properties and device classes, not redefine bundled ones.
   *
   * @throws ProfileException listing every problem, each with its file and line
   */
  public static Vocabulary load(List<TurtleDocument> extras) {
    List<TurtleDocument> docs = new ArrayList<>();
    docs.add(TurtleReader.resourceDocument(UNITS_RESOURCE));
    docs.add(TurtleReader.resourceDocument(VOCABULARY_RESOURCE));
    docs.addAll(extras);
    List<ContentProblem> problems = new ArrayList<>();
    Map<String, Unit> units = new LinkedHashMap<>();
    Map<String, String> definedIn = new HashMap<>();
    for (TurtleDocument doc : docs) {
      readUnits(doc, units, definedIn, problems);
    }
    Map<String, CanonicalProperty> properties = new LinkedHashMap<>();
    for (TurtleDocument doc : docs) {
      readProperties(doc, units, properties, definedIn, problems);
    }
    checkDimensions(docs.get(0), units.values(), properties.values(), problems);
    if (!problems.isEmpty()) {
      throw new ProfileException(problems);
    }
    Model union = ModelFactory.createDefaultModel();
    Set<String> terms = new HashSet<>();
    Set<String> classes = new HashSet<>();
    for (TurtleDocument doc : docs) {
      union.add(doc.model());
      doc.model()
          .listSubjects()
          .forEach(
              r -> {
                if (r.isURIResource()) {
                  terms.add(r.getURI());
                  if (r.hasProperty(RDF.type, OWL.Class)
                      || r.hasProperty(RDF.type, RDFS.Class)
                      || r.hasProperty(RDF.type, Tw.DEVICE_CLASS)) {
                    classes.add(r.getURI());
                  }
                }
              });
    }
    return new Vocabulary(units, properties, terms, classes, union);
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

  /** Whether the vocabulary or unit table defines {@code iri} (as a subject of statements). */
  public boolean defines(String iri) {
    return terms.contains(iri);
  }

  /** Whether {@code iri} is a class (device class or other) the vocabulary declares. */
  public boolean isClass(String iri) {
    return classes.contains(iri);
  }

  /**
   * A copy of all vocabulary statements (classes, relations, canonical properties, units), for the
   * twin graph to answer class and sub-property questions.
   */
  public Model statements() {
    return ModelFactory.createDefaultModel().add(model);
  }

  private static void readUnits(
      TurtleDocument doc,
      Map<String, Unit> units,
      Map<String, String> definedIn,
      List<ContentProblem> problems) {
    Model model = doc.model();
    for (Resource r : model.listSubjectsWithProperty(RDF.type, Tw.QUDT_UNIT).toList()) {
      String name = Tw.shortForm(r.getURI());
      long line = doc.lineOf(r);
      List<String> issues = new ArrayList<>();
      Optional<BigDecimal> multiplier = number(r, Tw.CONVERSION_MULTIPLIER, issues, name);
      Optional<BigDecimal> offset = number(r, Tw.CONVERSION_OFFSET, issues, name);
      Set<String> kinds = new HashSet<>();
      r.listProperties(Tw.HAS_QUANTITY_KIND)
          .forEach(
              s -> {
                if (s.getObject().isURIResource()) {
                  kinds.add(s.getResource().getURI());
                }
              });
      Resource dimension = iri(r, Tw.HAS_DIMENSION_VECTOR);
      if (multiplier.isEmpty()) {
        issues.add(name + " has no qudt:conversionMultiplier");
      } else if (multiplier.get().signum() == 0) {
        issues.add(name + " has a conversion multiplier of zero");
      }
      if (kinds.isEmpty()) {
        issues.add(name + " has no qudt:hasQuantityKind");
      }
      if (dimension == null) {
        issues.add(name + " has no qudt:hasDimensionVector");
      }
      String earlier = definedIn.putIfAbsent(r.getURI(), doc.source());
      if (earlier != null) {
        issues.add(name + " is already defined in " + earlier);
      }
      if (!issues.isEmpty()) {
        issues.forEach(m -> problems.add(new ContentProblem(doc.source(), line, m)));
        continue;
      }
      Statement symbol = r.getProperty(Tw.SYMBOL);
      units.put(
          r.getURI(),
          new Unit(
              r.getURI(),
              symbol == null ? name : symbol.getString(),
              multiplier.get(),
              offset.orElse(BigDecimal.ZERO),
              dimension.getURI(),
              kinds));
    }
  }

  private static void readProperties(
      TurtleDocument doc,
      Map<String, Unit> units,
      Map<String, CanonicalProperty> properties,
      Map<String, String> definedIn,
      List<ContentProblem> problems) {
    Model model = doc.model();
    for (Resource r : model.listSubjectsWithProperty(RDF.type, Tw.CANONICAL_PROPERTY).toList()) {
      String name = Tw.shortForm(r.getURI());
      long line = doc.lineOf(r);
      Resource kind = iri(r, Tw.HAS_QUANTITY_KIND);
      Resource unitIri = iri(r, Tw.CANONICAL_UNIT);
      String feature = string(r, Tw.FEATURE_ID);
      String path = string(r, Tw.PROPERTY_PATH);
      if (kind == null || unitIri == null || feature == null || path == null) {
        problems.add(
            new ContentProblem(
                doc.source(),
                line,
                name
                    + " needs one qudt:hasQuantityKind, tw:canonicalUnit, tw:featureId and"
                    + " tw:propertyPath"));
        continue;
      }
      List<String> issues = new ArrayList<>();
      Optional<BigDecimal> min = number(r, Tw.MINIMUM, issues, name);
      Optional<BigDecimal> max = number(r, Tw.MAXIMUM, issues, name);
      Unit unit = units.get(unitIri.getURI());
      String earlier = definedIn.putIfAbsent(r.getURI(), doc.source());
      if (earlier != null) {
        issues.add(name + " is already defined in " + earlier);
      }
      if (unit == null) {
        issues.add(name + ": canonical unit " + Tw.shortForm(unitIri.getURI()) + " is unknown");
      } else if (!unit.measures(kind.getURI())) {
        issues.add(
            name
                + ": canonical unit "
                + Tw.shortForm(unit.iri())
                + " does not measure "
                + Tw.shortForm(kind.getURI()));
      }
      double lo = min.map(BigDecimal::doubleValue).orElse(Double.NEGATIVE_INFINITY);
      double hi = max.map(BigDecimal::doubleValue).orElse(Double.POSITIVE_INFINITY);
      if (lo > hi) {
        issues.add(name + ": tw:minimum is above tw:maximum");
      }
      if (!issues.isEmpty()) {
        issues.forEach(m -> problems.add(new ContentProblem(doc.source(), line, m)));
        continue;
      }
      properties.put(
          r.getURI(),
          new CanonicalProperty(r.getURI(), kind.getURI(), unit, feature, path, lo, hi));
    }
  }

  /**
   * A unit that claims a canonical property's quantity kind must have its canonical unit's
   * dimension, or the linear conversion between them would be meaningless.
   */
  private static void checkDimensions(
      TurtleDocument units,
      Collection<Unit> all,
      Collection<CanonicalProperty> properties,
      List<ContentProblem> problems) {
    for (CanonicalProperty p : properties) {
      for (Unit u : all) {
        if (u.measures(p.quantityKind()) && !u.sameDimension(p.unit())) {
          problems.add(
              new ContentProblem(
                  units.source(),
                  -1,
                  Tw.shortForm(u.iri())
                      + " lists "
                      + Tw.shortForm(p.quantityKind())
                      + " but its dimension "
                      + Tw.shortForm(u.dimension())
                      + " is not that of "
                      + Tw.shortForm(p.unit().iri())));
        }
      }
    }
  }

  private static Optional<BigDecimal> number(
      Resource r, Property p, List<String> problems, String name) {
    Statement s = r.getProperty(p);
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(s.getLiteral().getLexicalForm().trim()));
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
}
