package io.twinwright.ontology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.twinwright.ontology.NormalizationResult.Normalized;
import io.twinwright.ontology.NormalizationResult.Rejected;
import io.twinwright.ontology.profile.CompiledProfile;
import io.twinwright.ontology.profile.FieldMapping;
import io.twinwright.ontology.profile.ProfileLoader;
import io.twinwright.ontology.profile.TimestampField;
import io.twinwright.ontology.vocab.CanonicalProperty;
import io.twinwright.ontology.vocab.Vocabulary;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinPatch;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * validation) and belongs on a worker thread. {@link #normalize} is the per-message path: one JSON
 * tree parse, then for each mapped field a pointer lookup and one multiply-add. Instances are
 * immutable and safe to share between threads; to reload content, load a new instance and swap the
 * reference.
 */
public final class Normalizer {
  private static final Logger LOG = LoggerFactory.getLogger(Normalizer.class);

  // Strict where leniency would hide a broken device: trailing garbage and duplicate keys make it
  // ambiguous which value the device meant.
  private static final ObjectReader JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .reader();

  // From 2^52 on a scaled double has no fractional digits left to round away.
  private static final double ROUNDING_LIMIT = 0x1p52;

  private final Map<String, Table> tables;
  private final Map<String, String> canonicalUnits;
  private final double roundingScale;

  private Normalizer(Map<String, Table> tables, Map<String, String> canonicalUnits, int decimals) {
    this.tables = Map.copyOf(tables);
    this.canonicalUnits = Map.copyOf(canonicalUnits);
    this.roundingScale = Math.pow(10, decimals);
  }

  /**
   * Loads the bundled vocabulary, unit table and vendor profiles, plus every {@code *.ttl} in the
   * configured profile directory.
   *
   * @throws ProfileException naming the file and the reason when any of them is invalid
   */
  public static Normalizer load(OntologyConfig config) {
    Vocabulary vocabulary = Vocabulary.bundled();
    Map<String, CompiledProfile> profiles = new ProfileLoader(vocabulary).load(config.profileDir());
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
    LOG.info("loaded {} vendor profiles: {}", profiles.size(), new TreeSet<>(profiles.keySet()));
    return new Normalizer(tables, units, config.decimals());
  }

  /** The ids of all loaded profiles, as device registrations name them. */
  public Set<String> profileIds() {
    return Collections.unmodifiableSet(new TreeSet<>(tables.keySet()));
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
    for (FieldMapping field : fields) {
      JsonNode node = root.at(field.pointer());
      if (node.isMissingNode() || node.isNull()) {
        continue; // devices send partial payloads; JSON null means "no reading" as well
      }
      if (!node.isNumber()) {
        return new Rejected(table.id + ": field " + field.pointer() + " is not a number");
      }
      double value = round(field.conversion().apply(node.doubleValue()));
      if (!Double.isFinite(value)) {
        return new Rejected(table.id + ": field " + field.pointer() + " is out of range");
      }
      updates.add(new PropertyUpdate(field.featureId(), field.path(), value));
    }
    if (updates.isEmpty()) {
      return new Rejected(table.id + ": none of the profile's fields is present");
    }

    Instant observedAt = message.receivedAt();
    if (table.timestamp != null) {
      JsonNode node = root.at(table.timestamp.pointer());
      if (!node.isMissingNode() && !node.isNull()) {
        Instant source = timestamp(node, table.timestamp.format());
        if (source == null) {
          return new Rejected(
              table.id
                  + ": timestamp "
                  + table.timestamp.pointer()
                  + " is not "
                  + describe(table.timestamp.format()));
        }
        observedAt = source;
      }
    }
    return new Normalized(new TwinPatch(message.device(), updates, observedAt));
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

  /** The source time, or null when the node is not written the way the profile says. */
  private static Instant timestamp(JsonNode node, TimestampField.Format format) {
    try {
      return switch (format) {
        case EPOCH_MILLIS ->
            node.isIntegralNumber() && node.canConvertToLong()
                ? Instant.ofEpochMilli(node.longValue())
                : null;
        case EPOCH_SECONDS -> {
          if (!node.isNumber()) {
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
    } catch (DateTimeException | ArithmeticException e) {
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

  /** The per-message view of a compiled profile: plain fields and an array, nothing to unwrap. */
  private static final class Table {
    final String id;
    final FieldMapping[] fields;
    final TimestampField timestamp; // null when the vendor sends none

    Table(CompiledProfile profile) {
      this.id = profile.id();
      this.fields = profile.fields().toArray(new FieldMapping[0]);
      this.timestamp = profile.timestamp().orElse(null);
    }
  }
}
