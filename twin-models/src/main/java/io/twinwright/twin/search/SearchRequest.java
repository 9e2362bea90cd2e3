package io.twinwright.twin.search;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.ditto.json.JsonValue;

/**
 * One page of a twin search.
 *
 * @param filter which twins match
 * @param namespaces restrict to these namespaces; empty = all
 * @param sort the order; {@code thingId} is always appended as the final tie-breaker, so the order
 *     is total and a cursor position identifies exactly one place in it
 * @param offset matches to skip before the page (Ditto's {@code limit(offset,count)})
 * @param size most twins on the page
 * @param after start strictly after this position (the sort values of the previous page's last
 *     twin, one per key of {@link #order()}), for cursor paging
 */
public record SearchRequest(
    RqlFilter filter,
    Set<String> namespaces,
    List<SortKey> sort,
    int offset,
    int size,
    Optional<List<JsonValue>> after) {

  public SearchRequest {
    Objects.requireNonNull(filter, "filter");
    namespaces = Set.copyOf(namespaces);
    sort = List.copyOf(sort);
    if (offset < 0 || size < 1) {
      throw new IllegalArgumentException("invalid page: offset " + offset + ", size " + size);
    }
    after = after.map(List::copyOf);
    if (after.isPresent() && after.get().size() != withTieBreaker(sort).size()) {
      throw new IllegalArgumentException("the position must have one value per sort key");
    }
  }

  /** The sort keys with the {@code thingId} tie-breaker. */
  public List<SortKey> order() {
    return withTieBreaker(sort);
  }

  private static List<SortKey> withTieBreaker(List<SortKey> sort) {
    boolean hasId = sort.stream().anyMatch(k -> k.path().equals(SortKey.THING_ID.path()));
    if (hasId) {
      return sort;
    }
    var keys = new java.util.ArrayList<>(sort);
    keys.add(SortKey.THING_ID);
    return List.copyOf(keys);
  }
}
