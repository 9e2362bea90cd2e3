package io.twinwright.api.things;

import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinEvent;
import java.util.Optional;
import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonParseOptions;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

/**
 * Renders twins and twin changes as Ditto JSON. Without a field selection only regular fields are
 * rendered (as Ditto does); a selection may also pick special fields such as {@code _revision}.
 */
public final class ThingJson {
  // Vert.x has already URL-decoded the query string; decoding twice would corrupt '%' and '+'.
  private static final JsonParseOptions FIELD_OPTIONS =
      JsonParseOptions.newBuilder().withoutUrlDecoding().build();

  private ThingJson() {}

  /**
   * Parses a Ditto field selection such as {@code thingId,features(temperature),_revision}.
   *
   * @throws org.eclipse.ditto.json.JsonFieldSelectorInvalidException when malformed
   */
  public static Optional<JsonFieldSelector> fields(Optional<String> expression) {
    return expression.map(e -> JsonFactory.newFieldSelector(e, FIELD_OPTIONS));
  }

  public static JsonObject thing(Thing thing, Optional<JsonFieldSelector> fields) {
    return select(thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()), fields);
  }

  /**
   * The changed part of a twin: {@code thingId} plus the properties in the event, nested as in the
   * thing, e.g. {@code {"thingId":"t:d","features":{"temperature":{"properties":{"value":
   * 22.0}}}}}. An event without property changes (a created twin, a new definition) carries the
   * definition instead. An application write carries its own delta: the written part, {@code null}
   * where a part was deleted, only {@code thingId} when the whole twin was deleted (the shape
   * Ditto's own converter gives a deleted thing).
   */
  public static JsonObject change(TwinEvent event, Optional<JsonFieldSelector> fields) {
    JsonObject json =
        JsonFactory.newObjectBuilder()
            .set("thingId", event.thingId())
            .set("_revision", event.revision())
            .set("_modified", event.modified().toString())
            .build();
    if (!event.delta().isEmpty()) {
      // an application write: the changed part as the thing's own JSON (null where deleted)
      return select(json.setAll(event.delta()), fields);
    }
    if (event.changes().isEmpty() && !event.definition().isEmpty()) {
      json = json.setValue("definition", event.definition());
    }
    for (PropertyUpdate update : event.changes()) {
      json = json.setValue(update.pointer(), value(update.value()));
    }
    return select(json, fields);
  }

  /** Whether any value in the JSON is not an object (parts a caller may not read leave {}). */
  public static boolean hasLeaf(JsonValue value) {
    if (!value.isObject()) {
      return true;
    }
    for (JsonField field : value.asObject()) {
      if (hasLeaf(field.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** A change's JSON without the special fields ({@code _revision}, {@code _modified}). */
  public static JsonObject change(JsonObject json) {
    return select(json, Optional.empty());
  }

  public static JsonObject select(JsonObject json, Optional<JsonFieldSelector> fields) {
    if (fields.isPresent()) {
      return json.get(fields.get());
    }
    // built field by field: JsonObject.filter would turn nested nulls (deletions) into {}
    JsonObjectBuilder regular = JsonFactory.newObjectBuilder();
    for (JsonField field : json) {
      if (!field.getKeyName().startsWith("_")) {
        regular.set(field);
      }
    }
    return regular.build();
  }

  private static JsonValue value(Object value) {
    if (value instanceof Integer i) {
      return JsonFactory.newValue(i);
    }
    if (value instanceof Long l) {
      return JsonFactory.newValue(l);
    }
    if (value instanceof Number n) {
      return JsonFactory.newValue(n.doubleValue());
    }
    if (value instanceof Boolean b) {
      return JsonFactory.newValue(b);
    }
    return JsonFactory.newValue(value.toString());
  }
}
