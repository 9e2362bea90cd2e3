package io.twinwright.ontology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.twinwright.ontology.NormalizationResult.Normalized;
import io.twinwright.ontology.NormalizationResult.Rejected;
import io.twinwright.ontology.profile.CompiledProfile;
import io.twinwright.ontology.profile.FieldMapping;
import io.twinwright.ontology.profile.FieldSource;
import io.twinwright.ontology.profile.ProfileLoader;
import io.twinwright.ontology.profile.TimestampField;
import io.twinwright.ontology.vocab.CanonicalProperty;
import io.twinwright.ontology.vocab.TurtleDocument;
import io.twinwright.ontology.vocab.TurtleReader;
import io.twinwright.ontology.vocab.Tw;
import io.twinwright.ontology.vocab.Vocabulary;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinPatch;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps raw device payloads to canonical twin properties using compiled vendor profiles.
 *
 * <p>Loading reads Turtle, runs SHACL and resolves units; it is slow (Turtle parsing and SHACL
 * validation) and belongs on a worker thread. {@link #normalize} is the per-message path: for JSON
 * one tree parse, then per mapped field a pointer lookup and one multiply-add; for binary payloads
 * a few byte reads and one multiply-add per field. Instances are immutable and safe to share
 * between threads; to reload content, {@link ProfileCatalog} builds a new instance and swaps it.
 *
 * <p>Decided outcomes, per message: an absent field (or JSON null, or a binary field holding its
 * {@code tw:noValue}) is skipped; a field of the wrong type, a NaN or infinite value, a canonical
 * value outside the property's physical range, a malformed timestamp and a truncated binary payload
 * reject the whole message, because a device that sends one broken reading cannot be trusted for
 * the others of the same message; unmapped payload fields and trailing bytes are ignored; a message
 * in which no mapped field is present is rejected.
 *
 * <p>The patch's source time is the profile's timestamp field when the payload carries it, else the
 * creation time the device declared on the message (Hono's {@code creation-time}), else the time
 * the message was received.
 */
public final class Normalizer {
  private static final Logger LOG = LoggerFactory.getLogger(Normalizer.class);

  // Strict where leniency would hide a broken device: trailing garbage and duplicate keys make it
  // ambiguous which value the device meant. NaN and Infinity are parsed so that the rejection can
  // name the field instead of reporting a JSON syntax error.
  private static final ObjectReader JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build()
          .reader();

  // From 2^52 on a scaled double has no fractional digits left to round away.
  private static final double ROUNDING_LIMIT = 0x1p52;

  private final Map<String, Table> tables;
  private final Map<String, String> canonicalUnits;
  private final Map<String, CompiledProfile> profiles;
  private final double roundingScale;

  private Normalizer(Map<String, CompiledProfile> profiles, Vocabulary vocabulary, int decimals) {
    Map<String, Table> tables = new HashMap<>();
    Map<String, String> units = new HashMap<>();
    for (CanonicalProperty p : vocabulary.properties()) {
      units.put(target(p.featureId(), p.path()), p.unit().iri());
    }
    for (CompiledProfile profile : profiles.values()) {
      tables.put(profile.id(), new Table(profile));
      for (FieldMapping f : profile.fields()) {
        units.putIfAbsent(target(f.featureId(), f.path()), f.unit());
      }
    }
    this.tables = Map.copyOf(tables);
    this.canonicalUnits = Map.copyOf(units);
    this.profiles = Map.copyOf(profiles);
    this.roundingScale = Math.pow(10, decimals);
  }

  /**
   * Loads the bundled vocabulary, unit table and vendor profiles, plus every {@code *.ttl} in the
   * configured vocabulary and profile directories.
   *
   * @throws ProfileException listing every problem (file, line, reason) when any content is invalid
   */
  public static Normalizer load(OntologyConfig config) {
    Vocabulary vocabulary = vocabulary(config);
    Map<String, CompiledProfile> profiles = new ProfileLoader(vocabulary).load(config.profileDir());
    LOG.info("loaded {} vendor profiles: {}", profiles.size(), new TreeSet<>(profiles.keySet()));
    return new Normalizer(profiles, vocabulary, config.decimals());
  }

  /** Compiles what a successful load found; used by {@link ProfileCatalog} after its checks. */
  static Normalizer of(Map<String, CompiledProfile> profiles, Vocabulary vocabulary, int decimals) {
    return new Normalizer(profiles, vocabulary, decimals);
  }

  /** The bundled vocabulary plus the configured extra vocabulary files. */
  static Vocabulary vocabulary(OntologyConfig config) {
    if (config.vocabDir().isEmpty()) {
      return Vocabulary.bundled();
    }
    List<ContentProblem> problems = new ArrayList<>();
    List<TurtleDocument> extras = new ArrayList<>();
    for (Path file : ProfileLoader.turtleFiles(config.vocabDir().get(), problems)) {
      try {
        extras.add(TurtleReader.document(file));
      } catch (ProfileException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ProfileException(problems);
    }
    return Vocabulary.load(extras);
  }

  /** The ids of all loaded profiles, as device registrations name them. */
  public Set<String> profileIds() {
    return Collections.unmodifiableSet(new TreeSet<>(tables.keySet()));
  }

  /**
   * The compiled profile with this id: vendor, model, format and field mappings, e.g. for tools
   * that show which payload field feeds which twin property.
   */
  public Optional<CompiledProfile> profile(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  /**
   * The canonical unit (a QUDT unit IRI) of the twin property {@code features/<featureId>/
   * properties/<path>}, when a canonical property or a loaded profile writes there.
   */
  public Optional<String> canonicalUnit(String featureId, String path) {
    return Optional.ofNullable(canonicalUnits.get(target(featureId, path)));
  }

  /** Maps one device message to a twin patch, or says why it cannot. Never throws for bad input. */
  public NormalizationResult normalize(DeviceMessage message) {
    Table table = tables.get(message.profile());
    if (table == null) {
      return message.profile().isEmpty()
          ? new Rejected("device " + message.device() + " has no vendor profile")
          : new Rejected("unknown vendor profile '" + message.profile() + "'");
    }
    if (message.payload().length == 0) {
      return new Rejected(table.id + ": empty payload");
    }
    return table.binary ? binary(table, message) : json(table, message);
  }

  private NormalizationResult json(Table table, DeviceMessage message) {
    JsonNode root;
    try {
      root = JSON.readTree(message.payload());
    } catch (JsonProcessingException e) {
      return new Rejected(table.id + ": payload is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return new Rejected(table.id + ": payload is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      return new Rejected(table.id + ": payload is not a JSON object");
    }

    FieldMapping[] fields = table.fields;
    List<PropertyUpdate> updates = new ArrayList<>(fields.length);
    for (int i = 0; i < fields.length; i++) {
      JsonNode node = root.at(table.pointers[i]);
      if (node.isMissingNode() || node.isNull()) {
        continue; // devices send partial payloads; JSON null means "no reading" as well
      }
      if (!node.isNumber()) {
        return new Rejected(
            table.id
                + ": field "
                + fields[i].source().label()
                + " is not a number but "
                + describe(node));
      }
      String problem = convert(fields[i], node.doubleValue(), updates);
      if (problem != null) {
        return new Rejected(table.id + ": field " + fields[i].source().label() + problem);
      }
    }
    if (updates.isEmpty()) {
      return new Rejected(table.id + ": none of the profile's fields is present");
    }

    Instant observedAt = message.createdAt();
    if (table.timestamp != null) {
      FieldSource.Json source = (FieldSource.Json) table.timestamp.source();
      JsonNode node = root.at(source.pointer());
      if (!node.isMissingNode() && !node.isNull()) {
        Instant time = jsonTimestamp(node, table.timestamp.format());
        if (time == null) {
          return new Rejected(
              table.id
                  + ": timestamp "
                  + source.label()
                  + " is not "
                  + describe(table.timestamp.format()));
        }
        observedAt = time;
      }
    }
    return new Normalized(new TwinPatch(message.device(), updates, observedAt));
  }

  private NormalizationResult binary(Table table, DeviceMessage message) {
    byte[] payload = message.payload();
    if (payload.length < table.payloadLength) {
      return new Rejected(
          table.id
              + ": truncated payload: "
              + payload.length
              + " bytes, the profile's layout needs "
              + table.payloadLength);
    }
    FieldMapping[] fields = table.fields;
    List<PropertyUpdate> updates = new ArrayList<>(fields.length);
    for (int i = 0; i < fields.length; i++) {
      FieldSource.Binary source = table.binarySources[i];
      double raw = source.type().read(payload, source.offset(), source.bigEndian());
      if (source.noValue().isPresent() && raw == source.noValue().getAsDouble()) {
        continue; // the device's own "no reading" marker
      }
      String problem = convert(fields[i], raw, updates);
      if (problem != null) {
        return new Rejected(table.id + ": field " + source.label() + problem);
      }
    }
    if (updates.isEmpty()) {
      return new Rejected(table.id + ": none of the profile's fields holds a reading");
    }
    Instant observedAt = message.createdAt();
    if (table.timestamp != null) {
      FieldSource.Binary source = (FieldSource.Binary) table.timestamp.source();
      double raw = source.type().read(payload, source.offset(), source.bigEndian());
      boolean skip = source.noValue().isPresent() && raw == source.noValue().getAsDouble();
      if (!skip) {
        try {
          observedAt =
              table.timestamp.format() == TimestampField.Format.EPOCH_MILLIS
                  ? Instant.ofEpochMilli((long) raw)
                  : Instant.ofEpochSecond((long) raw);
        } catch (DateTimeException e) {
          return new Rejected(table.id + ": timestamp " + source.label() + " is out of range");
        }
      }
    }
    return new Normalized(new TwinPatch(message.device(), updates, observedAt));
  }

  /** Adds the canonical value of {@code raw}; returns why it cannot, or null. */
  private String convert(FieldMapping field, double raw, List<PropertyUpdate> updates) {
    if (!Double.isFinite(raw)) {
      return " is not a finite number (" + raw + ")";
    }
    double value = round(field.conversion().apply(raw));
    if (!Double.isFinite(value)) {
      return " is out of range after conversion";
    }
    if (value < field.minimum() || value > field.maximum()) {
      return " reads "
          + value
          + " "
          + Tw.shortForm(field.unit())
          + ", outside the physical range of "
          + Tw.shortForm(field.property())
          + " ("
          + bound(field.minimum())
          + " to "
          + bound(field.maximum())
          + ")";
    }
    updates.add(new PropertyUpdate(field.featureId(), field.path(), value));
    return null;
  }

  private static String bound(double b) {
    return Double.isInfinite(b) ? (b < 0 ? "-∞" : "∞") : Double.toString(b);
  }

  /**
   * Rounds to the configured decimals. Dividing the rounded integer by a power of ten yields the
   * double nearest to that decimal, whichever vendor's arithmetic led there: that is what makes the
   * values of different vendors equal.
   */
  private double round(double value) {
    double scaled = value * roundingScale;
    if (!(Math.abs(scaled) < ROUNDING_LIMIT)) {
      return value + 0.0;
    }
    return Math.rint(scaled) / roundingScale + 0.0; // + 0.0 turns -0.0 into 0.0
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "the string \"" + abbreviate(node.textValue()) + "\"";
    }
    if (node.isBoolean()) {
      return "the boolean " + node.booleanValue();
    }
    return node.isArray() ? "an array" : "an object";
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "…";
  }

  /** The source time, or null when the node is not written the way the profile says. */
  private static Instant jsonTimestamp(JsonNode node, TimestampField.Format format) {
    try {
      return switch (format) {
        case EPOCH_MILLIS ->
            node.isIntegralNumber() && node.canConvertToLong()
                ? Instant.ofEpochMilli(node.longValue())
                : null;
        case EPOCH_SECONDS -> {
          if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            yield null;
          }
          BigDecimal seconds = node.decimalValue();
          BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
          long nanos = seconds.subtract(whole).movePointRight(9).longValue();
          yield Instant.ofEpochSecond(whole.longValueExact(), nanos);
        }
        case ISO_8601 ->
            node.isTextual()
                ? OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                : null;
      };
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static String describe(TimestampField.Format format) {
    return switch (format) {
      case EPOCH_MILLIS -> "integral epoch milliseconds";
      case EPOCH_SECONDS -> "epoch seconds";
      case ISO_8601 -> "an ISO-8601 date-time with offset";
    };
  }

  private static String target(String featureId, String path) {
    return featureId + '\u0000' + path;
  }

  /** The per-message view of a compiled profile: plain fields and arrays, nothing to unwrap. */
  private static final class Table {
    final String id;
    final boolean binary;
    final int payloadLength;
    final FieldMapping[] fields;
    final com.fasterxml.jackson.core.JsonPointer[] pointers; // JSON profiles
    final FieldSource.Binary[] binarySources; // binary profiles
    final TimestampField timestamp; // null when the vendor sends none

    Table(CompiledProfile profile) {
      this.id = profile.id();
      this.binary = profile.format() == CompiledProfile.PayloadFormat.BINARY;
      this.payloadLength = profile.payloadLength();
      this.fields = profile.fields().toArray(new FieldMapping[0]);
      this.pointers = new com.fasterxml.jackson.core.JsonPointer[fields.length];
      this.binarySources = new FieldSource.Binary[fields.length];
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].source() instanceof FieldSource.Json j) {
          pointers[i] = j.pointer();
        } else if (fields[i].source() instanceof FieldSource.Binary b) {
          binarySources[i] = b;
        }
      }
      this.timestamp = profile.timestamp().orElse(null);
    }
  }
}
