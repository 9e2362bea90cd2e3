package io.twinwright.adapters.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's registration in the shape of Hono's management API: {@code {"enabled": true, "via":
 * [...], "ext": {...}}}.
 *
 * @param enabled a disabled device cannot authenticate
 * @param via ids of the gateways that may act for this device
 * @param ext free-form JSON-compatible values (strings, numbers, booleans, lists, maps); the
 *     platform reads {@value #EXT_PROFILE} (the vendor profile id) and {@value #EXT_MODEL} (the
 *     Thing Model reference)
 */
public record Registration(boolean enabled, List<String> via, Map<String, Object> ext) {

  public static final String EXT_PROFILE = "profile";
  public static final String EXT_MODEL = "model";

  public Registration {
    via = List.copyOf(Objects.requireNonNull(via, "via"));
    ext = immutableMap(Objects.requireNonNull(ext, "ext"));
  }

  /** An enabled device with nothing else set. */
  public static Registration enabledDevice() {
    return new Registration(true, List.of(), Map.of());
  }

  /** An enabled device with a vendor profile and a Thing Model reference. */
  public static Registration of(String profile, String model) {
    return new Registration(true, List.of(), Map.of(EXT_PROFILE, profile, EXT_MODEL, model));
  }

  /** The vendor profile id from {@code ext.profile}, or {@code ""} when none is set. */
  public String profile() {
    return ext.get(EXT_PROFILE) instanceof String s ? s : "";
  }

  /** The Thing Model reference from {@code ext.model}. */
  public Optional<String> model() {
    return ext.get(EXT_MODEL) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  public Registration withEnabled(boolean enabled) {
    return new Registration(enabled, via, ext);
  }

  // Deep copy, so that neither the caller's maps nor nested BSON documents can change a value.
  private static Map<String, Object> immutableMap(Map<?, ?> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach(
        (key, value) -> {
          if (!(key instanceof String name)) {
            throw new IllegalArgumentException("ext keys must be strings: " + key);
          }
          copy.put(name, immutableValue(value));
        });
    return Collections.unmodifiableMap(copy);
  }

  private static Object immutableValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return immutableMap(map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(immutableValue(element)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        "ext values must be strings, numbers, booleans, lists or maps: " + value);
  }
}
