package io.twinwright.twin.search;

import java.util.Optional;
import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

/**
 * Reads one value of a twin by its JSON pointer without rendering the whole thing, for the paths
 * searches sort and index on. Other paths fall back to the thing's JSON.
 */
public final class ThingValues {
  private ThingValues() {}

  /** The value at {@code pointer} ({@code /attributes/x}, {@code /thingId}, {@code /_revision}). */
  public static Optional<JsonValue> at(Thing thing, JsonPointer pointer) {
    if (pointer.isEmpty()) {
      return Optional.of(thing.toJson());
    }
    String root = pointer.getRoot().map(Object::toString).orElse("");
    JsonPointer rest = pointer.nextLevel();
    switch (root) {
      case "thingId":
        return rest.isEmpty()
            ? thing.getEntityId().map(id -> JsonFactory.newValue(id.toString()))
            : Optional.empty();
      case "_namespace":
        return thing.getEntityId().map(id -> JsonFactory.newValue(id.getNamespace()));
      case "_revision":
        return thing.getRevision().map(r -> JsonFactory.newValue(r.toLong()));
      case "_modified":
        return thing.getModified().map(m -> JsonFactory.newValue(m.toString()));
      case "_created":
        return thing.getCreated().map(m -> JsonFactory.newValue(m.toString()));
      case "attributes":
        return rest.isEmpty()
            ? thing.getAttributes().map(a -> (JsonValue) a)
            : thing.getAttributes().flatMap(a -> a.getValue(rest));
      case "definition":
        return rest.isEmpty()
            ? thing.getDefinition().map(d -> JsonFactory.newValue(d.toString()))
            : Optional.empty();
      case "features":
        if (rest.getLevelCount() >= 3) {
          String feature = rest.get(0).map(Object::toString).orElse("");
          String part = rest.get(1).map(Object::toString).orElse("");
          JsonPointer inner = rest.nextLevel().nextLevel();
          if ("properties".equals(part)) {
            return thing
                .getFeatures()
                .flatMap(f -> f.getFeature(feature))
                .flatMap(f -> f.getProperty(inner));
          }
          if ("desiredProperties".equals(part)) {
            return thing
                .getFeatures()
                .flatMap(f -> f.getFeature(feature))
                .flatMap(f -> f.getDesiredProperty(inner));
          }
        }
        break;
      default:
        break;
    }
    return thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()).getValue(pointer);
  }
}
