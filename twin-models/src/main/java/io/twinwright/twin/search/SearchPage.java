package io.twinwright.twin.search;

import java.util.List;
import java.util.Optional;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

/**
 * One page of search results.
 *
 * @param items the twins, in the requested order
 * @param next the position after the last item when more matches follow (see {@link
 *     SearchRequest#after()}); empty on the last page
 */
public record SearchPage(List<Thing> items, Optional<List<JsonValue>> next) {
  public SearchPage {
    items = List.copyOf(items);
    next = next.map(List::copyOf);
  }
}
