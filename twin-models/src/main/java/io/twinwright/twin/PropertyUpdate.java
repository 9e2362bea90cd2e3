package io.twinwright.twin;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One canonical value for one twin property: {@code features/<featureId>/properties/<path>}.
 *
 * <p>Ids and path segments are restricted to letters, digits, {@code _} and {@code -} so that they
 * are safe as JSON pointers and as MongoDB field names.
 *
 * @param featureId the Ditto feature id, e.g. {@code temperature}
 * @param path slash-separated property path inside the feature's properties, e.g. {@code value}
 * @param value a {@link Number}, {@link String} or {@link Boolean}
 */
public record PropertyUpdate(String featureId, String path, Object value) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

  private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9_-]+");

  public PropertyUpdate {
    if (featureId == null || !FEATURE.matcher(featureId).matches()) {
      throw new IllegalArgumentException("invalid feature id: " + featureId);
    }
    if (path == null || !SEGMENT.matcher(path).matches()) {
      throw new IllegalArgumentException("invalid property path: " + path);
    }
    Objects.requireNonNull(value, "value");
    if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
      throw new IllegalArgumentException("unsupported value type: " + value.getClass());
    }
  }

  /** The JSON pointer of this property inside the thing. */
  public String pointer() {
    return "/features/" + featureId + "/properties/" + path;
  }
}
