package io.twinwright.adapters.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A device's registration in the shape of Hono's management API: {@code {"enabled": true, "via":
 * [...], "defaults": {...}, "authorities": [...], "ext": {...}}}.
 *
 * @param enabled a disabled device cannot authenticate
 * @param via ids of the gateways that may act for this device
 * @param ext free-form JSON-compatible values (strings, numbers, booleans, lists, maps); the
 *     platform reads {@value #EXT_PROFILE} (the vendor profile id) and {@value #EXT_MODEL} (the
 *     Thing Model reference)
 * @param defaults Hono's default properties of the device's messages (e.g. {@code content-type}),
 *     JSON-compatible values as in {@code ext}
 * @param authorities what the device may do beyond sending its own data; a gateway with {@value
 *     #AUTO_PROVISIONING_ENABLED} registers unknown devices it sends for, as in Hono
 */
public record Registration(
    boolean enabled,
    List<String> via,
    Map<String, Object> ext,
    Map<String, Object> defaults,
    Set<String> authorities) {

  public static final String EXT_PROFILE = "profile";
  public static final String EXT_MODEL = "model";
  public static final String AUTO_PROVISIONING_ENABLED = "auto-provisioning-enabled";

  public Registration {
    via = List.copyOf(Objects.requireNonNull(via, "via"));
    ext = immutableMap(Objects.requireNonNull(ext, "ext"));
    defaults = immutableMap(Objects.requireNonNull(defaults, "defaults"));
    authorities = Set.copyOf(Objects.requireNonNull(authorities, "authorities"));
  }

  /** A registration without defaults or authorities. */
  public Registration(boolean enabled, List<String> via, Map<String, Object> ext) {
    this(enabled, via, ext, Map.of(), Set.of());
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
    return new Registration(enabled, via, ext, defaults, authorities);
  }

  /** True if this device, as a gateway, may register the unknown devices it sends for. */
  public boolean mayProvisionDevices() {
    return authorities.contains(AUTO_PROVISIONING_ENABLED);
  }

  // Deep copy, so that neither the caller's maps nor nested BSON documents can change a value.
  static Map<String, Object> immutableMap(Map<?, ?> source) {
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
