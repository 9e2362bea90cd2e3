package io.twinwright.api.things;

import io.twinwright.api.ApiException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributeNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributePointerInvalidException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDefinitionNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertiesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertyNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertiesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertyNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.PolicyIdNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingDefinitionNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * One addressable part of a thing in Ditto's HTTP API, parsed from the path after {@code
 * /api/2/things/{thingId}}: the thing itself, its definition or policy id, its attributes (or one
 * attribute), its features (or one feature, its definition, properties, one property, desired
 * properties, one desired property).
 *
 * @param kind which part
 * @param featureId the feature for feature parts, else empty
 * @param inner the pointer inside attributes or (desired) properties for single values, else empty
 */
public record Resource(Kind kind, String featureId, JsonPointer inner) {
  public enum Kind {
    THING,
    DEFINITION,
    POLICY_ID,
    ATTRIBUTES,
    ATTRIBUTE,
    FEATURES,
    FEATURE,
    FEATURE_DEFINITION,
    PROPERTIES,
    PROPERTY,
    DESIRED_PROPERTIES,
    DESIRED_PROPERTY
  }

  public Resource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(featureId, "featureId");
    Objects.requireNonNull(inner, "inner");
  }

  public static final Resource THING = new Resource(Kind.THING, "", JsonPointer.empty());

  /**
   * Parses the path segments after the thing id ({@code ["features","env","properties","t"]}).
   *
   * @throws ApiException 404 when the path names no part of a thing
   */
  public static Resource parse(List<String> segments) {
    if (segments.isEmpty()) {
      return THING;
    }
    String head = segments.get(0);
    int n = segments.size();
    switch (head) {
      case "definition":
        if (n == 1) {
          return new Resource(Kind.DEFINITION, "", JsonPointer.empty());
        }
        break;
      case "policyId":
        if (n == 1) {
          return new Resource(Kind.POLICY_ID, "", JsonPointer.empty());
        }
        break;
      case "attributes":
        if (n == 1) {
          return new Resource(Kind.ATTRIBUTES, "", JsonPointer.empty());
        }
        return new Resource(Kind.ATTRIBUTE, "", pointer(segments.subList(1, n)));
      case "features":
        if (n == 1) {
          return new Resource(Kind.FEATURES, "", JsonPointer.empty());
        }
        String feature = segments.get(1);
        if (n == 2) {
          return new Resource(Kind.FEATURE, feature, JsonPointer.empty());
        }
        String part = segments.get(2);
        if ("definition".equals(part) && n == 3) {
          return new Resource(Kind.FEATURE_DEFINITION, feature, JsonPointer.empty());
        }
        if ("properties".equals(part)) {
          return n == 3
              ? new Resource(Kind.PROPERTIES, feature, JsonPointer.empty())
              : new Resource(Kind.PROPERTY, feature, pointer(segments.subList(3, n)));
        }
        if ("desiredProperties".equals(part)) {
          return n == 3
              ? new Resource(Kind.DESIRED_PROPERTIES, feature, JsonPointer.empty())
              : new Resource(Kind.DESIRED_PROPERTY, feature, pointer(segments.subList(3, n)));
        }
        break;
      default:
        break;
    }
    throw ApiException.notFound("No part of a thing at /" + String.join("/", segments) + ".");
  }

  private static JsonPointer pointer(List<String> segments) {
    for (String s : segments) {
      if (s.isEmpty()) {
        throw AttributePointerInvalidException.newBuilder(
                JsonFactory.newPointer(String.join("/", segments)))
            .message("The path must not contain empty segments.")
            .build();
      }
    }
    return JsonFactory.newPointer(String.join("/", segments));
  }

  /** The pointer of this part inside the thing's JSON. */
  public JsonPointer pointer() {
    String f = "/features/" + featureId;
    String path =
        switch (kind) {
          case THING -> "";
          case DEFINITION -> "/definition";
          case POLICY_ID -> "/policyId";
          case ATTRIBUTES -> "/attributes";
          case ATTRIBUTE -> "/attributes" + inner;
          case FEATURES -> "/features";
          case FEATURE -> f;
          case FEATURE_DEFINITION -> f + "/definition";
          case PROPERTIES -> f + "/properties";
          case PROPERTY -> f + "/properties" + inner;
          case DESIRED_PROPERTIES -> f + "/desiredProperties";
          case DESIRED_PROPERTY -> f + "/desiredProperties" + inner;
        };
    return JsonPointer.of(path);
  }

  /** Whether writing this part needs its feature to exist already (as Ditto requires). */
  public boolean needsFeature() {
    return switch (kind) {
      case FEATURE_DEFINITION, PROPERTIES, PROPERTY, DESIRED_PROPERTIES, DESIRED_PROPERTY -> true;
      default -> false;
    };
  }

  /** The part's current JSON in the thing, if present. */
  public Optional<JsonValue> value(Thing thing, org.eclipse.ditto.json.JsonObject json) {
    return kind == Kind.THING ? Optional.of(json) : json.getValue(pointer());
  }

  /** Ditto's not-found error for this part. */
  public DittoRuntimeException notFound(ThingId id) {
    return switch (kind) {
      case THING -> ThingNotAccessibleException.newBuilder(id).build();
      case DEFINITION -> ThingDefinitionNotAccessibleException.newBuilder(id).build();
      case POLICY_ID -> PolicyIdNotAccessibleException.newBuilder(id).build();
      case ATTRIBUTES -> AttributesNotAccessibleException.newBuilder(id).build();
      case ATTRIBUTE -> AttributeNotAccessibleException.newBuilder(id, inner).build();
      case FEATURES -> FeaturesNotAccessibleException.newBuilder(id).build();
      case FEATURE -> featureNotFound(id);
      case FEATURE_DEFINITION ->
          FeatureDefinitionNotAccessibleException.newBuilder(id, featureId).build();
      case PROPERTIES -> FeaturePropertiesNotAccessibleException.newBuilder(id, featureId).build();
      case PROPERTY ->
          FeaturePropertyNotAccessibleException.newBuilder(id, featureId, inner).build();
      case DESIRED_PROPERTIES ->
          FeatureDesiredPropertiesNotAccessibleException.newBuilder(id, featureId).build();
      case DESIRED_PROPERTY ->
          FeatureDesiredPropertyNotAccessibleException.newBuilder(id, featureId, inner).build();
    };
  }

  public DittoRuntimeException featureNotFound(ThingId id) {
    return FeatureNotAccessibleException.newBuilder(id, featureId).build();
  }
}
