package io.twinwright.rules;

import java.util.Map;

/**
 * Desired property values a rule asks the platform to set on one feature of a twin (Ditto's {@code
 * desiredProperties}), e.g. a lower reporting rate for a device whose battery degrades.
 *
 * @param thingId the twin
 * @param featureId the feature
 * @param properties property path to value; values are numbers, strings or booleans
 * @param findings the facts behind the change
 */
public record DesiredPropertiesRequest(
    String thingId,
    String featureId,
    Map<String, Object> properties,
    Map<String, String> findings) {

  public DesiredPropertiesRequest {
    AlertRequest.requireText(thingId, "thingId");
    AlertRequest.requireText(featureId, "featureId");
    properties = Map.copyOf(properties);
    if (properties.isEmpty()) {
      throw new IllegalArgumentException("properties must not be empty");
    }
    properties.forEach(
        (path, value) -> {
          if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
            throw new IllegalArgumentException(
                "unsupported value type for " + path + ": " + value.getClass());
          }
        });
    findings = Map.copyOf(findings);
  }
}
