package io.twinwright.bench.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Reads the thing id and the temperature out of one SSE event's data, ignoring every other field,
 * so the generator keeps working as the platform adds fields to its events.
 */
public final class TwinUpdateDecoder {
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * The update an event describes, or empty when it is about something else (another feature, a
   * deletion, a keep-alive).
   *
   * @throws IllegalArgumentException if the data is not JSON
   */
  public Optional<TwinUpdate> decode(String eventData) {
    JsonNode root;
    try {
      root = mapper.readTree(eventData);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("SSE data is not JSON: " + abbreviate(eventData), e);
    }
    if (root == null) {
      return Optional.empty();
    }
    JsonNode thingId = root.path("thingId");
    JsonNode value = root.path("features").path("temperature").path("properties").path("value");
    if (!thingId.isTextual() || !value.isNumber()) {
      return Optional.empty();
    }
    return Optional.of(new TwinUpdate(thingId.asText(), value.asDouble()));
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "…";
  }
}
