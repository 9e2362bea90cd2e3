package io.twinwright.twin.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

/**
 * Runs searches over the hot twins: candidates from the {@link SearchIndex} when the filter allows,
 * else every twin; each candidate tested with the full RQL predicate; the page chosen by a bounded
 * heap in the requested order, so a page costs O(matches · log(page)) rather than a full sort.
 */
public final class TwinSearch {
  private final Map<String, Thing> twins;
  private final SearchIndex index;

  public TwinSearch(Map<String, Thing> twins, SearchIndex index) {
    this.twins = twins;
    this.index = index;
  }

  public SearchPage search(SearchRequest request) {
    List<SortKey> order = request.order();
    if (order.size() == 1 && order.get(0).equals(SortKey.THING_ID)) {
      Optional<Set<String>> candidates = index.candidates(request.filter());
      if (candidates.isPresent() && index.exact(request.filter(), candidates.get())) {
        return byIdFromIndex(request, candidates.get());
      }
    }
    Comparator<Row> comparator = comparator(order);
    Optional<Row> after =
        request.after().map(values -> new Row(null, values.toArray(JsonValue[]::new)));
    int wanted = request.offset() + request.size() + 1;
    // max-heap of the best `wanted` rows: the head is the worst kept row
    PriorityQueue<Row> best = new PriorityQueue<>(wanted, comparator.reversed());
    forEachMatch(
        request,
        thing -> {
          Row row = new Row(thing, values(thing, order));
          if (after.isPresent() && comparator.compare(row, after.get()) <= 0) {
            return;
          }
          if (best.size() < wanted) {
            best.add(row);
          } else if (comparator.compare(row, best.peek()) < 0) {
            best.poll();
            best.add(row);
          }
        });
    List<Row> rows = new ArrayList<>(best);
    rows.sort(comparator);
    boolean more = rows.size() > request.offset() + request.size();
    List<Row> page =
        rows.subList(
            Math.min(request.offset(), rows.size()),
            Math.min(request.offset() + request.size(), rows.size()));
    List<Thing> items = new ArrayList<>(page.size());
    page.forEach(r -> items.add(r.thing));
    Optional<List<JsonValue>> next =
        more && !page.isEmpty()
            ? Optional.of(List.of(page.get(page.size() - 1).values))
            : Optional.empty();
    return new SearchPage(items, next);
  }

  /**
   * The common page — an exactly indexed filter in the default thing id order — chosen from the ids
   * alone, so only the twins on the page are touched.
   */
  private SearchPage byIdFromIndex(SearchRequest request, Set<String> ids) {
    int wanted = request.offset() + request.size() + 1;
    Optional<String> after =
        request
            .after()
            .map(values -> values.get(0))
            .filter(JsonValue::isString)
            .map(JsonValue::asString);
    Set<String> namespaces = request.namespaces();
    List<String> sorted = new ArrayList<>(wanted);
    if (ids instanceof NavigableSet<String> ordered) {
      // already in id order: the page is the first `wanted` ids after the cursor
      for (String id : after.isPresent() ? ordered.tailSet(after.get(), false) : ordered) {
        if (sorted.size() == wanted) {
          break;
        }
        if (namespaces.isEmpty() || namespaces.contains(namespaceOf(id))) {
          sorted.add(id);
        }
      }
    } else {
      // max-heap of the `wanted` smallest ids
      PriorityQueue<String> best = new PriorityQueue<>(wanted, Comparator.reverseOrder());
      for (String id : ids) {
        if (after.isPresent() && id.compareTo(after.get()) <= 0) {
          continue;
        }
        if (!namespaces.isEmpty() && !namespaces.contains(namespaceOf(id))) {
          continue;
        }
        if (best.size() < wanted) {
          best.add(id);
        } else if (id.compareTo(best.peek()) < 0) {
          best.poll();
          best.add(id);
        }
      }
      sorted.addAll(best);
      sorted.sort(null);
    }
    List<Thing> items = new ArrayList<>(request.size());
    String last = null;
    int end = Math.min(request.offset() + request.size(), sorted.size());
    for (int i = Math.min(request.offset(), sorted.size()); i < end; i++) {
      Thing t = twins.get(sorted.get(i));
      if (t != null) {
        items.add(t);
        last = sorted.get(i);
      }
    }
    boolean more = sorted.size() > request.offset() + request.size();
    Optional<List<JsonValue>> next =
        more && last != null
            ? Optional.of(List.<JsonValue>of(JsonFactory.newValue(last)))
            : Optional.empty();
    return new SearchPage(items, next);
  }

  private static String namespaceOf(String thingId) {
    int colon = thingId.indexOf(':');
    return colon < 0 ? "" : thingId.substring(0, colon);
  }

  public long count(
      RqlFilter filter, Set<String> namespaces, java.util.function.Predicate<Thing> visible) {
    long[] n = {0};
    forEachMatch(
        new SearchRequest(filter, namespaces, List.of(), 0, 1, Optional.empty()),
        t -> {
          if (visible.test(t)) {
            n[0]++;
          }
        });
    return n[0];
  }

  private void forEachMatch(SearchRequest request, java.util.function.Consumer<Thing> sink) {
    Optional<Set<String>> candidates = index.candidates(request.filter());
    // Ditto's predicate costs ~20 µs a twin (it renders the thing); skip it when the index is exact
    boolean exact = candidates.isPresent() && index.exact(request.filter(), candidates.get());
    Collection<Thing> source;
    if (candidates.isPresent()) {
      source = new ArrayList<>(candidates.get().size());
      for (String id : candidates.get()) {
        Thing t = twins.get(id);
        if (t != null) {
          source.add(t);
        }
      }
    } else {
      source = twins.values();
    }
    Set<String> namespaces = request.namespaces();
    for (Thing thing : source) {
      if ((namespaces.isEmpty()
              || thing
                  .getEntityId()
                  .map(id -> namespaces.contains(id.getNamespace()))
                  .orElse(false))
          && (exact || request.filter().test(thing))) {
        sink.accept(thing);
      }
    }
  }

  /** The sort values of a twin, missing values as JSON null. */
  private static JsonValue[] values(Thing thing, List<SortKey> order) {
    JsonValue[] values = new JsonValue[order.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = ThingValues.at(thing, order.get(i).path()).orElse(JsonFactory.nullLiteral());
    }
    return values;
  }

  private static Comparator<Row> comparator(List<SortKey> order) {
    return (a, b) -> {
      for (int i = 0; i < order.size(); i++) {
        int c = compare(a.values[i], b.values[i]);
        if (c != 0) {
          return order.get(i).ascending() ? c : -c;
        }
      }
      return 0;
    };
  }

  /** Orders JSON values as MongoDB (and so Ditto's search) does: null, numbers, strings, ... */
  static int compare(JsonValue a, JsonValue b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    if (a.isNumber()) {
      return Double.compare(a.asDouble(), b.asDouble());
    }
    if (a.isString()) {
      return a.asString().compareTo(b.asString());
    }
    if (a.isBoolean()) {
      return Boolean.compare(a.asBoolean(), b.asBoolean());
    }
    if (a.isNull()) {
      return 0;
    }
    return a.toString().compareTo(b.toString());
  }

  private static int rank(JsonValue v) {
    if (v.isNull()) {
      return 0;
    }
    if (v.isNumber()) {
      return 1;
    }
    if (v.isString()) {
      return 2;
    }
    if (v.isObject()) {
      return 3;
    }
    if (v.isArray()) {
      return 4;
    }
    return 5;
  }

  private record Row(Thing thing, JsonValue[] values) {}
}
