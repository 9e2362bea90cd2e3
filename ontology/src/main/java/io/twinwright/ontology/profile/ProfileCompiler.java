package io.twinwright.ontology.profile;

import com.fasterxml.jackson.core.JsonPointer;
import io.twinwright.ontology.ContentProblem;
import io.twinwright.ontology.profile.CompiledProfile.PayloadFormat;
import io.twinwright.ontology.vocab.CanonicalProperty;
import io.twinwright.ontology.vocab.LinearConversion;
import io.twinwright.ontology.vocab.TurtleDocument;
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
import java.util.OptionalDouble;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.vocabulary.RDF;

/**
 * Compiles the vendor profiles of one (shape-checked) file against the vocabulary: resolves
 * canonical properties and units, checks that each unit has its property's dimension and quantity
 * kind, checks binary layouts (inside the payload, no overlaps), and folds scale, offset and unit
 * conversion into one {@link LinearConversion} per field.
 */
public final class ProfileCompiler {
  private static final Comparator<FieldMapping> BY_TARGET =
      Comparator.comparing(FieldMapping::featureId).thenComparing(FieldMapping::path);

  private final Vocabulary vocabulary;

  public ProfileCompiler(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** The profiles of one file that compiled, and every problem found, each at its line. */
  public record Compilation(List<CompiledProfile> profiles, List<ContentProblem> problems) {
    public Compilation {
      profiles = List.copyOf(profiles);
      problems = List.copyOf(problems);
    }
  }

  /** Every profile declared in {@code doc}; a file that declares none is a problem too. */
  public Compilation compile(TurtleDocument doc) {
    List<Resource> declared =
        doc.model().listSubjectsWithProperty(RDF.type, Tw.VENDOR_PROFILE).toList();
    List<ContentProblem> problems = new ArrayList<>();
    if (declared.isEmpty()) {
      problems.add(new ContentProblem(doc.source(), -1, "declares no tw:VendorProfile"));
      return new Compilation(List.of(), problems);
    }
    List<CompiledProfile> profiles = new ArrayList<>();
    for (Resource profile : declared) {
      new One(doc, profile, problems).compile().ifPresent(profiles::add);
    }
    profiles.sort(Comparator.comparing(CompiledProfile::id));
    problems.sort(ContentProblem.ORDER);
    return new Compilation(profiles, problems);
  }

  /** The compilation of one profile: collects its problems with their lines. */
  private final class One {
    private final TurtleDocument doc;
    private final Resource profile;
    private final List<ContentProblem> problems;
    private final String name;
    private int failures;

    One(TurtleDocument doc, Resource profile, List<ContentProblem> problems) {
      this.doc = doc;
      this.profile = profile;
      this.problems = problems;
      this.name = ProfileShapes.profileName(profile);
    }

    private void problem(RDFNode node, Property property, String message) {
      failures++;
      problems.add(new ContentProblem(doc.source(), doc.lineOf(node, property), message));
    }

    Optional<CompiledProfile> compile() {
      PayloadFormat format =
          Tw.BINARY.equals(profile.getPropertyResourceValue(Tw.PAYLOAD_FORMAT))
              ? PayloadFormat.BINARY
              : PayloadFormat.JSON;
      int length = 0;
      if (format == PayloadFormat.BINARY) {
        Long declared = integer(profile, Tw.PAYLOAD_LENGTH);
        if (declared == null || declared < 1 || declared > 65_535) {
          problem(
              profile,
              Tw.PAYLOAD_LENGTH,
              name
                  + ": a binary profile needs tw:payloadLength, its layout's size in bytes (1 to"
                  + " 65535)");
        } else {
          length = declared.intValue();
        }
      }
      List<FieldMapping> fields = new ArrayList<>();
      Map<String, String> targets = new HashMap<>();
      List<Placed> layout = new ArrayList<>();
      for (Statement s : profile.listProperties(Tw.FIELD).toList()) {
        if (!s.getObject().isResource()) {
          continue; // the shapes report it
        }
        Resource field = s.getResource();
        Optional<FieldSource> source = source(field, format, length, false);
        if (source.isEmpty()) {
          continue;
        }
        String where = name + ", field " + source.get().label();
        compileField(field, source.get(), where)
            .ifPresent(
                mapping -> {
                  String target = mapping.featureId() + "/" + mapping.path();
                  String other = targets.putIfAbsent(target, source.get().label());
                  if (other != null) {
                    problem(
                        field,
                        Tw.PROPERTY,
                        name
                            + ": fields "
                            + other
                            + " and "
                            + source.get().label()
                            + " both write "
                            + target);
                  }
                  fields.add(mapping);
                });
        if (source.get() instanceof FieldSource.Binary b) {
          layout.add(new Placed(field, b));
        }
      }
      Optional<TimestampField> timestamp = Optional.empty();
      Resource ts = profile.getPropertyResourceValue(Tw.SOURCE_TIMESTAMP);
      if (ts != null) {
        timestamp = timestamp(ts, format, length);
        timestamp.ifPresent(
            t -> {
              if (t.source() instanceof FieldSource.Binary b) {
                layout.add(new Placed(ts, b));
              }
            });
      }
      checkOverlaps(layout);
      if (failures > 0 || fields.isEmpty()) {
        return Optional.empty(); // no fields at all: the shapes have said so
      }
      fields.sort(BY_TARGET);
      return Optional.of(
          new CompiledProfile(
              text(profile, Tw.PROFILE_ID),
              text(profile, Tw.VENDOR),
              text(profile, Tw.MODEL),
              doc.source(),
              format,
              length,
              fields,
              timestamp));
    }

    /** Where the field or timestamp is in the payload, checked against the profile's format. */
    private Optional<FieldSource> source(
        Resource node, PayloadFormat format, int length, boolean timestamp) {
      String what = timestamp ? "the source timestamp" : "a field";
      String pointer = text(node, Tw.POINTER);
      boolean binaryTerms = node.hasProperty(Tw.BYTE_OFFSET) || node.hasProperty(Tw.TYPE);
      if (format == PayloadFormat.JSON) {
        if (binaryTerms) {
          problem(
              node,
              Tw.BYTE_OFFSET,
              name
                  + ": "
                  + what
                  + " of a tw:Json profile is addressed by tw:pointer, not by"
                  + " tw:byteOffset/tw:type");
          return Optional.empty();
        }
        if (pointer == null) {
          problem(node, null, name + ": " + what + " needs a tw:pointer");
          return Optional.empty();
        }
        return Optional.of(new FieldSource.Json(JsonPointer.compile(pointer)));
      }
      if (pointer != null) {
        problem(
            node,
            Tw.POINTER,
            name
                + ": "
                + what
                + " of a tw:Binary profile is addressed by tw:byteOffset and"
                + " tw:type, not by tw:pointer");
        return Optional.empty();
      }
      Long offset = integer(node, Tw.BYTE_OFFSET);
      Resource typeNode = node.getPropertyResourceValue(Tw.TYPE);
      Optional<BinaryType> type =
          typeNode == null || !typeNode.isURIResource()
              ? Optional.empty()
              : BinaryType.fromIri(typeNode.getURI());
      if (offset == null || type.isEmpty()) {
        problem(
            node,
            offset == null ? Tw.BYTE_OFFSET : Tw.TYPE,
            name + ": " + what + " of a tw:Binary profile needs tw:byteOffset and tw:type");
        return Optional.empty();
      }
      Resource order = node.getPropertyResourceValue(Tw.BYTE_ORDER);
      boolean bigEndian = !Tw.LITTLE_ENDIAN.equals(order);
      Long noValue = integer(node, Tw.NO_VALUE);
      if (node.hasProperty(Tw.NO_VALUE) && (noValue == null || !type.get().integral())) {
        problem(
            node, Tw.NO_VALUE, name + ": tw:noValue is an integer, for integer binary types only");
        return Optional.empty();
      }
      FieldSource.Binary binary =
          new FieldSource.Binary(
              offset.intValue(),
              type.get(),
              bigEndian,
              noValue == null ? OptionalDouble.empty() : OptionalDouble.of(noValue));
      if (length > 0 && (offset < 0 || binary.end() > length)) {
        problem(
            node,
            Tw.BYTE_OFFSET,
            name
                + ": "
                + binary.label()
                + " lies outside the "
                + length
                + "-byte payload (tw:payloadLength)");
        return Optional.empty();
      }
      return Optional.of(binary);
    }

    private Optional<FieldMapping> compileField(Resource field, FieldSource source, String where) {
      Resource propertyNode = field.getPropertyResourceValue(Tw.PROPERTY);
      Resource unitNode = field.getPropertyResourceValue(Tw.UNIT_OF);
      if (propertyNode == null
          || unitNode == null
          || !propertyNode.isURIResource()
          || !unitNode.isURIResource()) {
        problem(field, null, where + ": needs tw:property and tw:unit");
        return Optional.empty();
      }
      String propertyIri = propertyNode.getURI();
      String unitIri = unitNode.getURI();
      Optional<CanonicalProperty> property = vocabulary.property(propertyIri);
      if (property.isEmpty()) {
        problem(
            field,
            Tw.PROPERTY,
            where + ": " + Tw.shortForm(propertyIri) + " is not a canonical property");
        return Optional.empty();
      }
      Optional<Unit> unit = vocabulary.unit(unitIri);
      if (unit.isEmpty()) {
        problem(
            field,
            Tw.UNIT_OF,
            where + ": unknown unit " + Tw.shortForm(unitIri) + " (not in the unit table)");
        return Optional.empty();
      }
      CanonicalProperty canonical = property.get();
      if (!unit.get().sameDimension(canonical.unit())) {
        problem(
            field,
            Tw.UNIT_OF,
            where
                + ": unit "
                + Tw.shortForm(unitIri)
                + " does not measure "
                + Tw.shortForm(canonical.quantityKind())
                + ", the quantity kind of "
                + Tw.shortForm(propertyIri)
                + ": its dimension "
                + Tw.shortForm(unit.get().dimension())
                + " differs from "
                + Tw.shortForm(canonical.unit().dimension())
                + " of "
                + Tw.shortForm(canonical.unit().iri()));
        return Optional.empty();
      }
      if (!unit.get().measures(canonical.quantityKind())) {
        problem(
            field,
            Tw.UNIT_OF,
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
        problem(field, Tw.SCALE, where + ": tw:scale and tw:offset must be finite numbers");
        return Optional.empty();
      }
      if (scale.signum() == 0) {
        problem(field, Tw.SCALE, where + ": tw:scale must not be zero");
        return Optional.empty();
      }
      String feature =
          Optional.ofNullable(text(field, Tw.FEATURE_ID)).orElse(canonical.featureId());
      String path = Optional.ofNullable(text(field, Tw.PROPERTY_PATH)).orElse(canonical.path());
      return Optional.of(
          new FieldMapping(
              source,
              propertyIri,
              feature,
              path,
              canonical.unit().iri(),
              LinearConversion.of(unit.get(), scale, offset, canonical.unit()),
              canonical.minimum(),
              canonical.maximum()));
    }

    private Optional<TimestampField> timestamp(Resource node, PayloadFormat format, int length) {
      Resource formatNode = node.getPropertyResourceValue(Tw.TIMESTAMP_FORMAT);
      TimestampField.Format parsed;
      if (Tw.EPOCH_MILLIS.equals(formatNode)) {
        parsed = TimestampField.Format.EPOCH_MILLIS;
      } else if (Tw.EPOCH_SECONDS.equals(formatNode)) {
        parsed = TimestampField.Format.EPOCH_SECONDS;
      } else {
        parsed = TimestampField.Format.ISO_8601;
      }
      Optional<FieldSource> source = source(node, format, length, true);
      if (source.isEmpty()) {
        return Optional.empty();
      }
      if (source.get() instanceof FieldSource.Binary b
          && (parsed == TimestampField.Format.ISO_8601 || !b.type().integral())) {
        problem(
            node,
            Tw.TIMESTAMP_FORMAT,
            name
                + ": a binary source timestamp is an integer in tw:EpochSeconds or"
                + " tw:EpochMillis");
        return Optional.empty();
      }
      return Optional.of(new TimestampField(source.get(), parsed));
    }

    private void checkOverlaps(List<Placed> layout) {
      layout.sort(Comparator.comparingInt(p -> p.field.offset()));
      for (int i = 1; i < layout.size(); i++) {
        Placed before = layout.get(i - 1);
        Placed here = layout.get(i);
        if (here.field.offset() < before.field.end()) {
          problem(
              here.node,
              Tw.BYTE_OFFSET,
              name + ": field " + here.field.label() + " overlaps field " + before.field.label());
        }
      }
    }
  }

  private record Placed(Resource node, FieldSource.Binary field) {}

  /**
   * The lexical form of a literal; null when absent (the shapes have made sure where it must be).
   */
  private static String text(Resource r, Property p) {
    Statement s = r.getProperty(p);
    RDFNode o = s == null ? null : s.getObject();
    return o != null && o.isLiteral() ? o.asLiteral().getLexicalForm() : null;
  }

  private static Long integer(Resource r, Property p) {
    String lexical = text(r, p);
    if (lexical == null) {
      return null;
    }
    try {
      return Long.parseLong(lexical.trim());
    } catch (NumberFormatException e) {
      return null;
    }
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
