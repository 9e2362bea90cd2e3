package io.twinwright.twin.search;

import java.util.Objects;
import org.eclipse.ditto.json.JsonPointer;

/**
 * One key of a search's sort order, e.g. {@code +attributes/location} or {@code -thingId}.
 *
 * @param path the twin path to sort on, as a JSON pointer
 * @param ascending whether smaller values come first
 */
public record SortKey(JsonPointer path, boolean ascending) {
  public static final SortKey THING_ID = new SortKey(JsonPointer.of("/thingId"), true);

  public SortKey {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("sort path must not be empty");
    }
  }

  @Override
  public String toString() {
    return (ascending ? "+" : "-") + path.toString().substring(1);
  }
}
