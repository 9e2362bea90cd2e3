package io.twinwright.twin.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.rql.model.predicates.ast.LogicalNode;
import org.eclipse.ditto.rql.model.predicates.ast.MultiComparisonNode;
import org.eclipse.ditto.rql.model.predicates.ast.Node;
import org.eclipse.ditto.rql.model.predicates.ast.SingleComparisonNode;
import org.eclipse.ditto.things.model.Thing;

/**
 * Value indexes over twin paths, so that {@code eq} and {@code in} filters on attributes and
 * feature properties look up their candidates instead of testing every twin.
 *
 * <p>An index for a path is created the first time a filter asks for it (so the telemetry path only
 * pays for paths that are actually searched), filled from the existing twins, and from then on kept
 * up to date by {@link #update} on every change. Index answers are candidates: the search still
 * tests each with the full RQL predicate, so the index may over-approximate (numbers of any
 * notation share one key; array elements are indexed each) but never misses a match.
 */
public final class SearchIndex {
  /** Hands every current twin to the sink, each under the twin's own write lock. */
  @FunctionalInterface
  public interface Backfill {
    void fill(BiConsumer<String, Thing> sink);
  }

  private final int maxPaths;
  private final Backfill backfill;
  private final ConcurrentHashMap<JsonPointer, PathIndex> indexes = new ConcurrentHashMap<>();

  /**
   * @param maxPaths most paths indexed; filters on further paths are answered by scanning
   * @param backfill fills a new index from the existing twins
   */
  public SearchIndex(int maxPaths, Backfill backfill) {
    this.maxPaths = maxPaths;
    this.backfill = backfill;
  }

  /** Paths indexed so far (ready or filling). */
  public Set<JsonPointer> paths() {
    return Set.copyOf(indexes.keySet());
  }

  /**
   * Records a twin's new state. Must be called under the twin's write lock, for every change.
   *
   * @param thing the new state, or null when the twin was deleted
   * @param changed pointers that changed, or null when anything may have changed
   */
  public void update(String thingId, Thing thing, Collection<String> changed) {
    if (indexes.isEmpty()) {
      return;
    }
    for (PathIndex index : indexes.values()) {
      if (changed == null || touches(changed, index.path)) {
        index.update(thingId, thing);
      }
    }
  }

  /**
   * The ids of twins that may match the filter, or empty when the filter cannot be answered from
   * indexes (the caller then scans every twin). A single-value lookup answers a {@link
   * NavigableSet} in thing id order.
   */
  public Optional<Set<String>> candidates(RqlFilter filter) {
    return filter.ast().flatMap(this::candidates);
  }

  /**
   * Whether the candidates of this filter are exactly its matches, so testing each with the
   * predicate can be skipped: a single {@code eq}/{@code in} on an indexed path whose matched twins
   * all hold a scalar there (array values are matched per element, which the predicate decides).
   */
  public boolean exact(RqlFilter filter, Set<String> candidates) {
    Optional<Node> ast = filter.ast();
    if (ast.isEmpty()) {
      return false;
    }
    String property;
    if (ast.get() instanceof SingleComparisonNode single
        && single.getComparisonType() == SingleComparisonNode.Type.EQ) {
      property = single.getComparisonProperty();
    } else if (ast.get() instanceof MultiComparisonNode multi
        && multi.getComparisonType() == MultiComparisonNode.Type.IN) {
      property = multi.getComparisonProperty();
    } else {
      return false;
    }
    if ("thingId".equals(property)) {
      return false;
    }
    PathIndex index = indexes.get(JsonPointer.of("/" + property));
    if (index == null || !index.ready.get()) {
      return false;
    }
    if (index.arrays.isEmpty()) {
      return true;
    }
    for (String id : candidates) {
      if (index.arrays.contains(id)) {
        return false;
      }
    }
    return true;
  }

  private Optional<Set<String>> candidates(Node node) {
    if (node instanceof SingleComparisonNode single
        && single.getComparisonType() == SingleComparisonNode.Type.EQ) {
      return lookup(single.getComparisonProperty(), List.of(single.getComparisonValue()));
    }
    if (node instanceof MultiComparisonNode multi
        && multi.getComparisonType() == MultiComparisonNode.Type.IN) {
      return lookup(multi.getComparisonProperty(), multi.getComparisonValue());
    }
    if (node instanceof LogicalNode logical) {
      List<Node> children = logical.getChildren();
      if (logical.getType() == LogicalNode.Type.AND) {
        // any indexed conjunct bounds the result; take the smallest
        Optional<Set<String>> best = Optional.empty();
        for (Node child : children) {
          Optional<Set<String>> c = candidates(child);
          if (c.isPresent() && (best.isEmpty() || c.get().size() < best.get().size())) {
            best = c;
          }
        }
        return best;
      }
      if (logical.getType() == LogicalNode.Type.OR) {
        Set<String> union = new HashSet<>();
        for (Node child : children) {
          Optional<Set<String>> c = candidates(child);
          if (c.isEmpty()) {
            return Optional.empty();
          }
          union.addAll(c.get());
        }
        return Optional.of(union);
      }
    }
    return Optional.empty();
  }

  private Optional<Set<String>> lookup(String property, List<?> values) {
    if ("thingId".equals(property)) {
      Set<String> ids = new HashSet<>();
      for (Object v : values) {
        if (v instanceof String s) {
          ids.add(s);
        }
      }
      return Optional.of(ids);
    }
    if (!indexable(property)) {
      return Optional.empty();
    }
    JsonPointer path = JsonPointer.of("/" + property);
    PathIndex index = indexes.get(path);
    if (index == null) {
      if (indexes.size() >= maxPaths) {
        return Optional.empty();
      }
      PathIndex fresh = new PathIndex(path);
      index = indexes.putIfAbsent(path, fresh);
      if (index == null) {
        index = fresh;
        // Registered first, so changes during the fill are recorded too; the fill takes each
        // twin's lock, so it never overwrites a newer state with an older one.
        backfill.fill(fresh::update);
        fresh.ready.set(true);
      }
    }
    if (!index.ready.get()) {
      return Optional.empty();
    }
    if (values.size() == 1) {
      // the common single-value lookup: a read-only live view instead of a copy, in id order
      Object key = key(values.get(0));
      NavigableSet<String> hit = key == null ? null : index.byValue.get(key);
      return Optional.of(
          hit == null
              ? Collections.emptyNavigableSet()
              : Collections.unmodifiableNavigableSet(hit));
    }
    Set<String> ids = new HashSet<>();
    for (Object v : values) {
      Object key = key(v);
      if (key != null) {
        Set<String> hit = index.byValue.get(key);
        if (hit != null) {
          ids.addAll(hit);
        }
      }
    }
    return Optional.of(ids);
  }

  /** Attribute and feature paths without wildcards; other fields are rare in equality filters. */
  private static boolean indexable(String property) {
    if (property.contains("*") || property.isEmpty() || property.endsWith("/")) {
      return false;
    }
    return property.startsWith("attributes/")
        || property.startsWith("features/")
        || "definition".equals(property)
        || "policyId".equals(property);
  }

  private static boolean touches(Collection<String> changed, JsonPointer path) {
    String p = path.toString();
    for (String c : changed) {
      // a change at, above or below the indexed path may change its value
      if (p.equals(c) || p.startsWith(c + "/") || c.startsWith(p + "/") || c.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The index key of an RQL literal or a JSON scalar; null when not indexable. */
  static Object key(Object value) {
    if (value instanceof JsonValue json) {
      if (json.isNumber()) {
        return json.asDouble();
      }
      if (json.isString()) {
        return json.asString();
      }
      if (json.isBoolean()) {
        return json.asBoolean();
      }
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    return null;
  }

  /** The keys a twin's value at the path is found under. */
  private static List<Object> keysOf(Optional<JsonValue> value) {
    if (value.isEmpty()) {
      return List.of();
    }
    JsonValue v = value.get();
    List<Object> keys = new ArrayList<>(1);
    if (v.isArray()) {
      v.asArray().forEach(item -> addKey(keys, key(item)));
    } else {
      addKey(keys, key(v));
    }
    return keys;
  }

  private static void addKey(List<Object> keys, Object key) {
    if (key != null && !keys.contains(key)) {
      keys.add(key);
    }
  }

  private static final class PathIndex {
    final JsonPointer path;
    // each value's twins in thing id order, so a page in the default order is read off the front
    final ConcurrentHashMap<Object, NavigableSet<String>> byValue = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, List<Object>> keysOf = new ConcurrentHashMap<>();
    // twins whose value here is an array: their matches are left to the predicate
    final Set<String> arrays = ConcurrentHashMap.newKeySet();
    final AtomicBoolean ready = new AtomicBoolean();

    PathIndex(JsonPointer path) {
      this.path = path;
    }

    void update(String thingId, Thing thing) {
      Optional<JsonValue> value = thing == null ? Optional.empty() : ThingValues.at(thing, path);
      if (value.isPresent() && value.get().isArray()) {
        arrays.add(thingId);
      } else {
        arrays.remove(thingId);
      }
      List<Object> now = keysOf(value);
      List<Object> before = now.isEmpty() ? keysOf.remove(thingId) : keysOf.put(thingId, now);
      if (before == null) {
        before = List.of();
      }
      if (before.equals(now)) {
        return;
      }
      for (Object old : before) {
        if (!now.contains(old)) {
          byValue.computeIfPresent(
              old,
              (k, ids) -> {
                ids.remove(thingId);
                return ids.isEmpty() ? null : ids;
              });
        }
      }
      for (Object key : now) {
        byValue.compute(
            key,
            (k, ids) -> {
              NavigableSet<String> set = ids != null ? ids : new ConcurrentSkipListSet<>();
              set.add(thingId);
              return set;
            });
      }
    }
  }
}
