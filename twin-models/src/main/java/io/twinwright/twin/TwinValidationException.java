package io.twinwright.twin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write refused because the twin would no longer conform to its Thing Model. Nothing was changed.
 * {@link #details()} maps each offending JSON pointer (inside the thing) to the rules it breaks.
 */
public final class TwinValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String modelId;
  private final Map<String, List<String>> details;

  public TwinValidationException(String modelId, Map<String, List<String>> details) {
    super(
        "The twin would not conform to its Thing Model <"
            + modelId
            + ">: "
            + String.join(", ", details.keySet()));
    if (details.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one violation");
    }
    this.modelId = modelId;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    details.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.details = java.util.Collections.unmodifiableMap(copy);
  }

  /** The Thing Model the twin names as its definition. */
  public String modelId() {
    return modelId;
  }

  /** Offending JSON pointers and, for each, the broken rules ({@code "maximum: ..."}). */
  public Map<String, List<String>> details() {
    return details;
  }
}
