package io.twinwright.bench.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of {@code /health}.
 *
 * @param takenAtNanos {@link System#nanoTime()} when the answer arrived
 * @param body the response body as received, for the report
 * @param counters every numeric field, keyed by its dotted path ({@code twins.updates}), in
 *     document order
 */
public record HealthSnapshot(long takenAtNanos, String body, Map<String, Double> counters) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public HealthSnapshot {
    Objects.requireNonNull(body, "body");
    counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    counters.forEach((key, value) -> Objects.requireNonNull(value, key));
  }

  /** A snapshot whose counters are the numeric fields of a JSON body; non-JSON gives none. */
  public static HealthSnapshot parse(long takenAtNanos, String body) {
    Map<String, Double> counters = new LinkedHashMap<>();
    try {
      flatten("", MAPPER.readTree(body), counters);
    } catch (JsonProcessingException e) {
      counters.clear();
    }
    return new HealthSnapshot(takenAtNanos, body, counters);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, Double> into) {
    if (node == null) {
      return;
    }
    if (node.isNumber()) {
      into.put(prefix, node.asDouble());
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
        flatten(key, field.getValue(), into);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "[" + i + "]", node.get(i), into);
      }
    }
  }
}
