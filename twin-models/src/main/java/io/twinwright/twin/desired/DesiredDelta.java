package io.twinwright.twin.desired;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;

/**
 * The desired properties of a twin that its reported properties do not (yet) match.
 *
 * <p>Desired values are compared leaf by leaf: a desired object is walked into, so {@code
 * {"config":{"rate":5}}} is satisfied by a reported {@code config} that has {@code rate} 5 whatever
 * else it holds. Arrays, scalars and empty objects are compared as whole values, structurally, with
 * numbers compared by value ({@code 1} equals {@code 1.0}).
 *
 * @param thingId the twin
 * @param features feature id to the differing leaves, keyed by their path inside the feature's
 *     properties ({@code config/rate}); features without a difference are absent
 */
public record DesiredDelta(String thingId, Map<String, Map<String, Difference>> features) {

  /**
   * One desired leaf that the device has not reported.
   *
   * @param desired the declared value
   * @param reported the reported value, empty when the device reported nothing at that path
   */
  public record Difference(JsonValue desired, Optional<JsonValue> reported) {
    public Difference {
      Objects.requireNonNull(desired, "desired");
      Objects.requireNonNull(reported, "reported");
    }
  }

  public DesiredDelta {
    Objects.requireNonNull(thingId, "thingId");
    TreeMap<String, Map<String, Difference>> copy = new TreeMap<>();
    features.forEach(
        (f, paths) -> {
          if (!paths.isEmpty()) {
            copy.put(f, Collections.unmodifiableMap(new TreeMap<>(paths)));
          }
        });
    features = Collections.unmodifiableMap(copy);
  }

  /** The delta over every feature of the twin. */
  public static DesiredDelta of(Thing thing) {
    return of(thing, Set.of());
  }

  /**
   * The delta over the twin's features except {@code excluded} (features whose desired state is
   * reconciled elsewhere).
   */
  public static DesiredDelta of(Thing thing, Set<String> excluded) {
    String id = thing.getEntityId().map(Object::toString).orElse("");
    Map<String, Map<String, Difference>> features = new TreeMap<>();
    thing
        .getFeatures()
        .ifPresent(
            all -> {
              for (Feature feature : all) {
                if (excluded.contains(feature.getId())) {
                  continue;
                }
                Optional<? extends JsonObject> desired = feature.getDesiredProperties();
                if (desired.isEmpty() || desired.get().isEmpty()) {
                  continue;
                }
                JsonObject reported = feature.getProperties().map(p -> (JsonObject) p).orElse(null);
                Map<String, Difference> paths = new TreeMap<>();
                collect(desired.get(), JsonPointer.empty(), reported, paths);
                features.put(feature.getId(), paths);
              }
            });
    return new DesiredDelta(id, features);
  }

  /** Whether every desired value is reported (also when nothing is desired). */
  public boolean inSync() {
    return features.isEmpty();
  }

  /**
   * Whether two JSON values are the same: objects by members regardless of order, arrays element by
   * element, numbers by value.
   */
  public static boolean sameValue(JsonValue a, JsonValue b) {
    if (a.isNumber() && b.isNumber()) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    if (a.isObject() && b.isObject()) {
      JsonObject x = a.asObject();
      JsonObject y = b.asObject();
      if (x.getSize() != y.getSize()) {
        return false;
      }
      for (JsonField field : x) {
        Optional<JsonValue> other = y.getValue(field.getKey());
        if (other.isEmpty() || !sameValue(field.getValue(), other.get())) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      JsonArray x = a.asArray();
      JsonArray y = b.asArray();
      if (x.getSize() != y.getSize()) {
        return false;
      }
      for (int i = 0; i < x.getSize(); i++) {
        if (!sameValue(x.get(i).orElseThrow(), y.get(i).orElseThrow())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static void collect(
      JsonObject desired, JsonPointer at, JsonObject reported, Map<String, Difference> out) {
    for (JsonField field : desired) {
      JsonPointer path = at.addLeaf(field.getKey());
      JsonValue want = field.getValue();
      if (want.isObject() && !want.asObject().isEmpty()) {
        collect(want.asObject(), path, reported, out);
        continue;
      }
      Optional<JsonValue> have = reported == null ? Optional.empty() : reported.getValue(path);
      if (have.isEmpty() || !sameValue(want, have.get())) {
        out.put(path.toString().substring(1), new Difference(want, have));
      }
    }
  }
}
