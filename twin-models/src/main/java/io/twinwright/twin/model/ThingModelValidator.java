package io.twinwright.twin.model;

import io.twinwright.twin.TwinValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

/**
 * Checks application writes of twins against the Thing Model their {@code definition} names.
 *
 * <p>The platform maps each model property to a twin feature of the same id whose {@code value}
 * holds the reading: {@code features/<property>/properties/value} (and, for a desired value, {@code
 * desiredProperties/value}). Both are checked against the property's data schema (type, minimum,
 * maximum, enum, string length, required members of objects, array items). A {@code readOnly}
 * property is reported by the device alone, so a write that changes its reported properties is
 * refused. Features the model does not declare (the platform's own {@code connectivity}, {@code
 * firmware}, ...) and twins without a known model are not checked.
 *
 * <p>Device telemetry is not passed through here: the normaliser already produced canonical values,
 * and the hot path must stay a map update.
 */
public final class ThingModelValidator {
  private static final JsonPointer VALUE = JsonPointer.of("value");

  private final Supplier<ThingModelCatalog> catalog;

  /**
   * @param catalog the current catalog (asked on every write, so reloads take effect)
   */
  public ThingModelValidator(Supplier<ThingModelCatalog> catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** A validator that checks nothing (no models known). */
  public static ThingModelValidator none() {
    ThingModelCatalog empty = ThingModelCatalog.empty();
    return new ThingModelValidator(() -> empty);
  }

  /**
   * Validates the state an application write would produce.
   *
   * @param before the twin before the write, empty when the write creates it
   * @param after the twin the write would produce
   * @throws TwinValidationException naming every offending path and rule
   */
  public void validate(Optional<Thing> before, Thing after) {
    Optional<ThingModel> model =
        after.getDefinition().flatMap(d -> catalog.get().find(d.toString()));
    if (model.isEmpty()) {
      return;
    }
    Map<String, List<String>> violations = new LinkedHashMap<>();
    for (ThingModel.PropertySpec spec : model.get().properties().values()) {
      String feature = spec.name();
      String base = "/features/" + feature;
      Optional<JsonObject> reported =
          after.getFeatures().flatMap(f -> f.getFeature(feature)).flatMap(f -> f.getProperties());
      Optional<JsonObject> desired =
          after
              .getFeatures()
              .flatMap(f -> f.getFeature(feature))
              .flatMap(f -> f.getDesiredProperties());
      reported
          .flatMap(p -> p.getValue(VALUE))
          .ifPresent(v -> check(spec.schema(), v, base + "/properties/value", violations));
      desired
          .flatMap(p -> p.getValue(VALUE))
          .ifPresent(v -> check(spec.schema(), v, base + "/desiredProperties/value", violations));
      if (spec.readOnly()) {
        Optional<JsonObject> old =
            before
                .flatMap(Thing::getFeatures)
                .flatMap(f -> f.getFeature(feature))
                .flatMap(f -> f.getProperties());
        if (!old.equals(reported)) {
          add(
              violations,
              base + "/properties",
              "readOnly: the property <"
                  + feature
                  + "> is reported by the device and cannot be written by applications");
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new TwinValidationException(model.get().id(), violations);
    }
  }

  /** Checks one value against a schema, adding each broken rule under {@code path}. */
  static void check(
      DataSchema schema, JsonValue value, String path, Map<String, List<String>> out) {
    String found = typeOf(value);
    if (!schema.type().isEmpty() && !typeMatches(schema.type(), value)) {
      add(out, path, "type: " + found + " found, " + schema.type() + " expected");
      return;
    }
    if (!schema.enumValues().isEmpty()
        && schema.enumValues().stream().noneMatch(e -> sameValue(JsonFactory.readFrom(e), value))) {
      add(out, path, "enum: " + value + " is not one of " + schema.enumValues());
    }
    if (value.isNumber()) {
      double d = value.asDouble();
      schema
          .minimum()
          .filter(min -> d < min)
          .ifPresent(min -> add(out, path, "minimum: " + value + " is less than " + plain(min)));
      schema
          .maximum()
          .filter(max -> d > max)
          .ifPresent(max -> add(out, path, "maximum: " + value + " is greater than " + plain(max)));
    }
    if (value.isString()) {
      int length = value.asString().codePointCount(0, value.asString().length());
      schema
          .minLength()
          .ifPresent(
              min -> {
                if (length < min) {
                  add(out, path, "minLength: " + length + " characters, at least " + min);
                }
              });
      schema
          .maxLength()
          .ifPresent(
              max -> {
                if (length > max) {
                  add(out, path, "maxLength: " + length + " characters, at most " + max);
                }
              });
    }
    if (value.isObject()) {
      JsonObject object = value.asObject();
      for (String member : schema.required()) {
        if (!object.contains(JsonPointer.of(member))) {
          add(out, path, "required: member <" + member + "> is missing");
        }
      }
      schema
          .properties()
          .forEach(
              (name, memberSchema) ->
                  object
                      .getValue(JsonFactory.newKey(name))
                      .ifPresent(v -> check(memberSchema, v, path + "/" + name, out)));
    }
    if (value.isArray() && schema.items().isPresent()) {
      int i = 0;
      for (JsonValue item : value.asArray()) {
        check(schema.items().get(), item, path + "/" + i++, out);
      }
    }
  }

  private static boolean typeMatches(String type, JsonValue value) {
    return switch (type) {
      case "number" -> value.isNumber();
      case "integer" -> value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
      case "string" -> value.isString();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "null" -> value.isNull();
      default -> true;
    };
  }

  private static String typeOf(JsonValue value) {
    if (value.isNumber()) {
      return "number";
    }
    if (value.isString()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    return "null";
  }

  private static boolean sameValue(JsonValue a, JsonValue b) {
    if (a.isNumber() && b.isNumber()) {
      return a.asDouble() == b.asDouble();
    }
    return a.equals(b);
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static void add(Map<String, List<String>> out, String path, String rule) {
    out.computeIfAbsent(path, k -> new ArrayList<>()).add(rule);
  }
}
