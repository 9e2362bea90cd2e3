package io.twinwright.ontology.profile;

import com.fasterxml.jackson.core.JsonPointer;
import io.twinwright.ontology.ProfileException;
import io.twinwright.ontology.vocab.CanonicalProperty;
import io.twinwright.ontology.vocab.LinearConversion;
import io.twinwright.ontology.vocab.Tw;
import io.twinwright.ontology.vocab.Unit;
import io.twinwright.ontology.vocab.Vocabulary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.vocabulary.RDF;

/**
 * Compiles the vendor profiles of one (shape-checked) file against the vocabulary: resolves
 * canonical properties and units, checks that each unit measures its property's quantity kind, and
 * folds scale, offset and unit conversion into one {@link LinearConversion} per field.
 */
public final class ProfileCompiler {
  private static final Comparator<FieldMapping> BY_TARGET =
      Comparator.comparing(FieldMapping::featureId).thenComparing(FieldMapping::path);

  private final Vocabulary vocabulary;

  public ProfileCompiler(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /**
   * Every profile declared in {@code model}; throws a {@link ProfileException} naming all problems
   * found, or when the file declares no profile at all.
   */
  public List<CompiledProfile> compile(String source, Model model) {
    List<Resource> declared = model.listSubjectsWithProperty(RDF.type, Tw.VENDOR_PROFILE).toList();
    if (declared.isEmpty()) {
      throw new ProfileException(source, "declares no tw:VendorProfile");
    }
    List<String> problems = new ArrayList<>();
    List<CompiledProfile> profiles = new ArrayList<>();
    for (Resource profile : declared) {
      compile(source, profile, problems).ifPresent(profiles::add);
    }
    if (!problems.isEmpty()) {
      throw new ProfileException(source, String.join("; ", problems));
    }
    profiles.sort(Comparator.comparing(CompiledProfile::id));
    return profiles;
  }

  private Optional<CompiledProfile> compile(
      String source, Resource profile, List<String> problems) {
    String name = ProfileShapes.profileName(profile);
    int before = problems.size();
    List<FieldMapping> fields = new ArrayList<>();
    Map<String, String> targets = new HashMap<>();
    for (Statement s : profile.listProperties(Tw.FIELD).toList()) {
      Resource field = s.getResource();
      String pointer = text(field, Tw.POINTER);
      String where = name + ", field \"" + pointer + "\"";
      compileField(field, pointer, where, problems)
          .ifPresent(
              mapping -> {
                String target = mapping.featureId() + "/" + mapping.path();
                String other = targets.putIfAbsent(target, pointer);
                if (other != null) {
                  problems.add(
                      name
                          + ": fields \""
                          + other
                          + "\" and \""
                          + pointer
                          + "\" both write "
                          + target);
                }
                fields.add(mapping);
              });
    }
    Optional<TimestampField> timestamp =
        timestamp(profile.getPropertyResourceValue(Tw.SOURCE_TIMESTAMP));
    if (problems.size() > before) {
      return Optional.empty();
    }
    fields.sort(BY_TARGET);
    return Optional.of(
        new CompiledProfile(
            text(profile, Tw.PROFILE_ID),
            text(profile, Tw.VENDOR),
            text(profile, Tw.MODEL),
            source,
            fields,
            timestamp));
  }

  private Optional<FieldMapping> compileField(
      Resource field, String pointer, String where, List<String> problems) {
    Resource propertyNode = field.getPropertyResourceValue(Tw.PROPERTY);
    Resource unitNode = field.getPropertyResourceValue(Tw.UNIT_OF);
    if (pointer == null || propertyNode == null || unitNode == null) {
      // the shapes report this with more detail; the compiler only refuses to go on
      problems.add(where + ": needs tw:pointer, tw:property and tw:unit");
      return Optional.empty();
    }
    String propertyIri = propertyNode.getURI();
    String unitIri = unitNode.getURI();
    Optional<CanonicalProperty> property = vocabulary.property(propertyIri);
    if (property.isEmpty()) {
      problems.add(where + ": " + Tw.shortForm(propertyIri) + " is not a canonical property");
      return Optional.empty();
    }
    Optional<Unit> unit = vocabulary.unit(unitIri);
    if (unit.isEmpty()) {
      problems.add(where + ": unknown unit " + Tw.shortForm(unitIri) + " (not in the unit table)");
      return Optional.empty();
    }
    CanonicalProperty canonical = property.get();
    if (!unit.get().measures(canonical.quantityKind())) {
      problems.add(
          where
              + ": unit "
              + Tw.shortForm(unitIri)
              + " does not measure "
              + Tw.shortForm(canonical.quantityKind())
              + ", the quantity kind of "
              + Tw.shortForm(propertyIri));
      return Optional.empty();
    }
    BigDecimal scale = number(field, Tw.SCALE, BigDecimal.ONE);
    BigDecimal offset = number(field, Tw.OFFSET, BigDecimal.ZERO);
    if (scale == null || offset == null) {
      problems.add(where + ": tw:scale and tw:offset must be finite numbers");
      return Optional.empty();
    }
    if (scale.signum() == 0) {
      problems.add(where + ": tw:scale must not be zero");
      return Optional.empty();
    }
    String feature = Optional.ofNullable(text(field, Tw.FEATURE_ID)).orElse(canonical.featureId());
    String path = Optional.ofNullable(text(field, Tw.PROPERTY_PATH)).orElse(canonical.path());
    return Optional.of(
        new FieldMapping(
            JsonPointer.compile(pointer),
            propertyIri,
            feature,
            path,
            canonical.unit().iri(),
            LinearConversion.of(unit.get(), scale, offset, canonical.unit())));
  }

  private static Optional<TimestampField> timestamp(Resource node) {
    if (node == null) {
      return Optional.empty();
    }
    Resource format = node.getPropertyResourceValue(Tw.TIMESTAMP_FORMAT);
    TimestampField.Format parsed;
    if (Tw.EPOCH_MILLIS.equals(format)) {
      parsed = TimestampField.Format.EPOCH_MILLIS;
    } else if (Tw.EPOCH_SECONDS.equals(format)) {
      parsed = TimestampField.Format.EPOCH_SECONDS;
    } else {
      parsed = TimestampField.Format.ISO_8601;
    }
    return Optional.of(new TimestampField(JsonPointer.compile(text(node, Tw.POINTER)), parsed));
  }

  /**
   * The lexical form of a literal; null when absent (the shapes have made sure where it must be).
   */
  private static String text(Resource r, Property p) {
    Statement s = r.getProperty(p);
    RDFNode o = s == null ? null : s.getObject();
    return o != null && o.isLiteral() ? o.asLiteral().getLexicalForm() : null;
  }

  /** The number, the fallback when absent, or null when not a finite number. */
  private static BigDecimal number(Resource r, Property p, BigDecimal fallback) {
    String lexical = text(r, p);
    if (lexical == null) {
      return fallback;
    }
    try {
      return new BigDecimal(lexical.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
