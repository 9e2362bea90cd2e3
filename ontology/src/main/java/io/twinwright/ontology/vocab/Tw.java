package io.twinwright.ontology.vocab;

import java.util.List;
import java.util.Map;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

/** IRIs of the Twinwright vocabulary and of the QUDT terms it uses. */
public final class Tw {
  public static final String NS = "https://twinwright.io/ns#";
  public static final String QUDT = "http://qudt.org/schema/qudt/";
  public static final String UNIT = "http://qudt.org/vocab/unit/";
  public static final String QUANTITY_KIND = "http://qudt.org/vocab/quantitykind/";
  public static final String DIMENSION_VECTOR = "http://qudt.org/vocab/dimensionvector/";
  public static final String SOSA = "http://www.w3.org/ns/sosa/";
  public static final String SSN = "http://www.w3.org/ns/ssn/";
  public static final String SAREF = "https://saref.etsi.org/core/";

  public static final Resource CANONICAL_PROPERTY = resource("CanonicalProperty");
  public static final Resource VENDOR_PROFILE = resource("VendorProfile");
  public static final Resource JSON = resource("Json");
  public static final Resource BINARY = resource("Binary");
  public static final Resource BIG_ENDIAN = resource("BigEndian");
  public static final Resource LITTLE_ENDIAN = resource("LittleEndian");
  public static final Resource DEVICE_CLASS = resource("DeviceClass");
  public static final Resource LOCATION = resource("Location");
  public static final Resource EPOCH_MILLIS = resource("EpochMillis");
  public static final Resource EPOCH_SECONDS = resource("EpochSeconds");
  public static final Resource ISO_8601 = resource("Iso8601");

  public static final Property CANONICAL_UNIT = property("canonicalUnit");
  public static final Property FEATURE_ID = property("featureId");
  public static final Property PROPERTY_PATH = property("propertyPath");
  public static final Property PROFILE_ID = property("profileId");
  public static final Property VENDOR = property("vendor");
  public static final Property MODEL = property("model");
  public static final Property PAYLOAD_FORMAT = property("payloadFormat");
  public static final Property FIELD = property("field");
  public static final Property SOURCE_TIMESTAMP = property("sourceTimestamp");
  public static final Property POINTER = property("pointer");
  public static final Property PROPERTY = property("property");
  public static final Property UNIT_OF = property("unit");
  public static final Property SCALE = property("scale");
  public static final Property OFFSET = property("offset");
  public static final Property TIMESTAMP_FORMAT = property("timestampFormat");
  public static final Property BYTE_OFFSET = property("byteOffset");
  public static final Property TYPE = property("type");
  public static final Property BYTE_ORDER = property("byteOrder");
  public static final Property PAYLOAD_LENGTH = property("payloadLength");
  public static final Property NO_VALUE = property("noValue");
  public static final Property MINIMUM = property("minimum");
  public static final Property MAXIMUM = property("maximum");

  public static final Resource QUDT_UNIT = ResourceFactory.createResource(QUDT + "Unit");
  public static final Property HAS_QUANTITY_KIND =
      ResourceFactory.createProperty(QUDT, "hasQuantityKind");
  public static final Property CONVERSION_MULTIPLIER =
      ResourceFactory.createProperty(QUDT, "conversionMultiplier");
  public static final Property CONVERSION_OFFSET =
      ResourceFactory.createProperty(QUDT, "conversionOffset");
  public static final Property SYMBOL = ResourceFactory.createProperty(QUDT, "symbol");
  public static final Property HAS_DIMENSION_VECTOR =
      ResourceFactory.createProperty(QUDT, "hasDimensionVector");

  // Error messages use the prefixes profile authors write, not full IRIs.
  private static final List<Map.Entry<String, String>> PREFIXES =
      List.of(
          Map.entry(NS, "tw:"),
          Map.entry(UNIT, "unit:"),
          Map.entry(QUANTITY_KIND, "quantitykind:"),
          Map.entry(DIMENSION_VECTOR, "qkdv:"),
          Map.entry(QUDT, "qudt:"),
          Map.entry(SOSA, "sosa:"),
          Map.entry(SSN, "ssn:"),
          Map.entry(SAREF, "saref:"));

  /** The prefixes Thing Models, snapshots and queries may use without declaring them. */
  public static final Map<String, String> DEFAULT_PREFIXES =
      Map.of(
          "tw", NS,
          "unit", UNIT,
          "quantitykind", QUANTITY_KIND,
          "qudt", QUDT,
          "sosa", SOSA,
          "ssn", SSN,
          "saref", SAREF);

  private Tw() {}

  /**
   * The full IRI of {@code tw:Chiller}-style compact names with a known prefix ({@code prefixes}
   * first, then {@link #DEFAULT_PREFIXES}); an absolute IRI is returned as it is. Empty when the
   * prefix is unknown or the text is blank.
   */
  public static java.util.Optional<String> expand(String term, Map<String, String> prefixes) {
    if (term == null || term.isBlank()) {
      return java.util.Optional.empty();
    }
    String t = term.strip();
    if (t.startsWith("<") && t.endsWith(">")) {
      t = t.substring(1, t.length() - 1);
    }
    int colon = t.indexOf(':');
    if (colon < 0) {
      return java.util.Optional.empty();
    }
    String prefix = t.substring(0, colon);
    String local = t.substring(colon + 1);
    if (local.startsWith("//")) {
      return java.util.Optional.of(t); // http://, https://
    }
    String ns = prefixes.getOrDefault(prefix, DEFAULT_PREFIXES.get(prefix));
    if (ns != null) {
      return java.util.Optional.of(ns + local);
    }
    return "urn".equals(prefix) ? java.util.Optional.of(t) : java.util.Optional.empty();
  }

  /** {@code unit:DEG_C} for the QUDT IRI of degree Celsius; other IRIs in angle brackets. */
  public static String shortForm(String iri) {
    for (Map.Entry<String, String> prefix : PREFIXES) {
      if (iri.startsWith(prefix.getKey())) {
        return prefix.getValue() + iri.substring(prefix.getKey().length());
      }
    }
    return "<" + iri + ">";
  }

  private static Resource resource(String local) {
    return ResourceFactory.createResource(NS + local);
  }

  private static Property property(String local) {
    return ResourceFactory.createProperty(NS, local);
  }
}
