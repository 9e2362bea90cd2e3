package io.twinwright.ontology.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the twin graph keeps of one twin: its identity and class, its relations, its security state
 * and the latest canonical values. The platform builds one from each twin change and hands it to
 * {@link TwinGraph#update}; it replaces everything the graph held about that twin.
 *
 * @param thingId the Ditto thing id, e.g. {@code plant:chiller-1}
 * @param tenant the tenant whose graph the twin belongs to
 * @param modelId the Thing Model id (the twin's definition), or empty
 * @param semanticType the Thing Model's semantic type, e.g. {@code tw:Chiller} or a full IRI; empty
 *     when the model names none
 * @param values the latest canonical values
 * @param relations the twin's relations to other twins and places
 * @param securityState e.g. {@code normal} or {@code quarantined}; empty when unknown
 * @param modified when the twin last changed
 */
public record TwinSnapshot(
    String thingId,
    String tenant,
    String modelId,
    String semanticType,
    List<Value> values,
    Relations relations,
    String securityState,
    Instant modified) {

  public TwinSnapshot {
    requireText(thingId, "thingId");
    requireText(tenant, "tenant");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(semanticType, "semanticType");
    values = List.copyOf(values);
    Objects.requireNonNull(relations, "relations");
    Objects.requireNonNull(securityState, "securityState");
    Objects.requireNonNull(modified, "modified");
  }

  /**
   * One canonical value: {@code features/<featureId>/properties/<path>}.
   *
   * @param featureId the Ditto feature id
   * @param path the property path inside the feature
   * @param property the vocabulary term it observes (e.g. {@code tw:temperature}), or empty
   * @param value a {@link Number}, {@link String} or {@link Boolean}
   * @param unit the QUDT unit (IRI or {@code unit:DEG_C}), or empty
   */
  public record Value(String featureId, String path, String property, Object value, String unit) {
    public Value {
      requireText(featureId, "featureId");
      requireText(path, "path");
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(unit, "unit");
      if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
        throw new IllegalArgumentException("unsupported value type: " + value.getClass());
      }
    }
  }

  /**
   * Relations of a twin, each a list of thing ids (a bare name is taken as a device of the same
   * tenant). {@code locatedIn} may also name a place that is not a twin, e.g. {@code building B}:
   * anything that is not a thing id ({@code namespace:name} without spaces) is such a place.
   */
  public record Relations(
      List<String> partOf, List<String> locatedIn, List<String> feeds, List<String> hasSensor) {
    public static final Relations NONE = new Relations(List.of(), List.of(), List.of(), List.of());

    public Relations {
      partOf = clean(partOf);
      locatedIn = clean(locatedIn);
      feeds = clean(feeds);
      hasSensor = clean(hasSensor);
    }

    /**
     * From a twin's {@code attributes.relations} object: {@code partOf}, {@code locatedIn}, {@code
     * feeds}, {@code hasSensor}, each a string or an array of strings; other members and other
     * value types are ignored. A missing or non-object node gives {@link #NONE}.
     */
    public static Relations fromJson(JsonNode relations) {
      if (relations == null || !relations.isObject()) {
        return NONE;
      }
      return new Relations(
          strings(relations.get("partOf")),
          strings(relations.get("locatedIn")),
          strings(relations.get("feeds")),
          strings(relations.get("hasSensor")));
    }

    /** From a map of relation name to a string or a collection of strings. */
    public static Relations of(Map<String, ?> relations) {
      return new Relations(
          strings(relations.get("partOf")),
          strings(relations.get("locatedIn")),
          strings(relations.get("feeds")),
          strings(relations.get("hasSensor")));
    }

    private static List<String> strings(JsonNode node) {
      List<String> out = new ArrayList<>();
      if (node == null) {
        return out;
      }
      if (node.isTextual()) {
        out.add(node.textValue());
      } else if (node.isArray()) {
        node.forEach(
            n -> {
              if (n.isTextual()) {
                out.add(n.textValue());
              }
            });
      }
      return out;
    }

    private static List<String> strings(Object value) {
      List<String> out = new ArrayList<>();
      if (value instanceof String s) {
        out.add(s);
      } else if (value instanceof Collection<?> c) {
        c.forEach(
            v -> {
              if (v instanceof String s) {
                out.add(s);
              }
            });
      }
      return out;
    }

    private static List<String> clean(List<String> ids) {
      return ids.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
