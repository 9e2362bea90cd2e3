package io.twinwright.twin;

import io.twinwright.twin.search.RqlFilter;
import io.twinwright.twin.store.WriteBehind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every twin hot in memory as a Ditto {@link Thing}, applies patches with a revision per
 * twin, persists through a coalescing bulk writer, and publishes each change to subscribers.
 *
 * <p>Changes of one twin are serialised (per-key atomic update), so its events are published in
 * revision order. Subscribers are called on the thread that applied the change and must only hand
 * the event on, never block.
 */
public final class TwinService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TwinService.class);

  private final TwinConfig config;
  private final TwinRepository repository;
  private final Clock clock;
  private final ConcurrentHashMap<String, Thing> twins = new ConcurrentHashMap<>();
  private final List<Consumer<TwinEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final LongAdder updates = new LongAdder();
  private WriteBehind writer;

  public TwinService(TwinConfig config, TwinRepository repository, Clock clock) {
    this.config = config;
    this.repository = repository;
    this.clock = clock;
  }

  /** Loads every stored twin into memory and starts the writer. Blocking: call at startup. */
  public void start() {
    repository.loadAll(
        stored -> {
          try {
            twins.put(stored.thingId(), ThingsModelFactory.newThing(stored.json()));
          } catch (RuntimeException e) {
            LOG.error("skipping unreadable stored twin {}: {}", stored.thingId(), e.toString());
          }
        });
    writer =
        new WriteBehind(
            repository, config.maxBatch(), config.retryBackoff(), config.deferredWriteWindow());
    LOG.info("loaded {} twins", twins.size());
  }

  public Optional<Thing> get(String thingId) {
    return Optional.ofNullable(twins.get(thingId));
  }

  public int size() {
    return twins.size();
  }

  /** Number of patches applied since start. */
  public long updates() {
    return updates.sum();
  }

  /** Twins changed but not yet durable. */
  public int backlog() {
    return writer == null ? 0 : writer.backlog();
  }

  /**
   * Creates the device's twin if it does not exist, or sets its definition if it changed.
   *
   * @return completes with the twin once it is durable
   */
  public CompletableFuture<Thing> ensure(DeviceId device, String definition) {
    String id = device.thingId();
    TwinEvent[] event = new TwinEvent[1];
    Thing result =
        twins.compute(
            id,
            (key, current) -> {
              Instant now = clock.instant();
              if (current == null) {
                var builder =
                    ThingsModelFactory.newThingBuilder()
                        .setId(ThingId.of(device.tenant().value(), device.id()))
                        .setRevision(1)
                        .setCreated(now)
                        .setModified(now);
                if (!definition.isEmpty()) {
                  builder.setDefinition(ThingsModelFactory.newDefinition(definition));
                }
                Thing created = builder.build();
                event[0] =
                    new TwinEvent(TwinEvent.Kind.CREATED, device, 1, now, definition, List.of());
                publish(event[0]);
                return created;
              }
              if (definition.isEmpty() || definition.equals(definitionOf(current))) {
                return current;
              }
              long revision = revisionOf(current) + 1;
              Thing changed =
                  current.setDefinition(definition).toBuilder()
                      .setRevision(revision)
                      .setModified(now)
                      .build();
              event[0] =
                  new TwinEvent(
                      TwinEvent.Kind.MODIFIED, device, revision, now, definition, List.of());
              publish(event[0]);
              return changed;
            });
    if (event[0] == null) {
      return CompletableFuture.completedFuture(result);
    }
    return persist(result).thenApply(v -> result);
  }

  /**
   * Applies canonical property values to the device's twin (creating it if needed), publishes the
   * change, and queues it for persistence.
   *
   * @return completes with the published event once the change is durable
   */
  public CompletableFuture<TwinEvent> apply(TwinPatch patch) {
    return apply(patch, true);
  }

  /**
   * Applies a patch as {@link #apply(TwinPatch)} does; with {@code immediate = false} the write may
   * wait up to the deferred-write window to be coalesced with later changes of the twin (for
   * at-most-once telemetry, where nobody waits for durability).
   */
  public CompletableFuture<TwinEvent> apply(TwinPatch patch, boolean immediate) {
    if (patch.updates().isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("empty patch"));
    }
    DeviceId device = patch.device();
    TwinEvent[] event = new TwinEvent[1];
    Thing result =
        twins.compute(
            device.thingId(),
            (key, current) -> {
              Instant now = clock.instant();
              Thing thing =
                  current != null
                      ? current
                      : ThingsModelFactory.newThingBuilder()
                          .setId(ThingId.of(device.tenant().value(), device.id()))
                          .setRevision(0)
                          .setCreated(now)
                          .build();
              for (PropertyUpdate u : patch.updates()) {
                thing = thing.setFeatureProperty(u.featureId(), JsonPointer.of(u.path()), json(u));
              }
              long revision = revisionOf(thing) + 1;
              thing = thing.toBuilder().setRevision(revision).setModified(now).build();
              event[0] =
                  new TwinEvent(
                      TwinEvent.Kind.MODIFIED,
                      device,
                      revision,
                      now,
                      definitionOf(thing),
                      patch.updates());
              publish(event[0]);
              return thing;
            });
    updates.increment();
    TwinEvent published = event[0];
    return persist(result, immediate).thenApply(v -> published);
  }

  /**
   * Sets one attribute of an existing twin ({@code pointer} inside {@code /attributes}, e.g. {@code
   * /location/building} or {@code /relations/partOf}), or removes it when {@code value} is empty.
   *
   * @return completes with the published event once durable; empty if the twin does not exist
   */
  public Optional<CompletableFuture<TwinEvent>> putAttribute(
      String thingId, String pointer, Optional<JsonValue> value) {
    JsonPointer path = JsonPointer.of(pointer);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("attribute pointer must not be empty");
    }
    TwinEvent[] event = new TwinEvent[1];
    Thing result =
        twins.computeIfPresent(
            thingId,
            (key, current) -> {
              Instant now = clock.instant();
              Thing thing =
                  value.isPresent()
                      ? current.setAttribute(path, value.get())
                      : current.removeAttribute(path);
              long revision = revisionOf(thing) + 1;
              thing = thing.toBuilder().setRevision(revision).setModified(now).build();
              event[0] =
                  new TwinEvent(
                      TwinEvent.Kind.MODIFIED,
                      DeviceId.ofThingId(key),
                      revision,
                      now,
                      definitionOf(thing),
                      List.of(),
                      List.of(path.toString()));
              publish(event[0]);
              return thing;
            });
    if (result == null) {
      return Optional.empty();
    }
    TwinEvent published = event[0];
    return Optional.of(persist(result).thenApply(v -> published));
  }

  /**
   * Sets desired property values of one feature of an existing twin (Ditto's {@code
   * desiredProperties}): what the platform wants the device to reach, e.g. the firmware version a
   * campaign issued. Desired values are not device state, so no twin event is published (the rules
   * and streams see the device's reports).
   *
   * @param values property path to a {@link Number}, {@link String} or {@link Boolean}
   * @return completes once durable; empty if the twin does not exist
   */
  public Optional<CompletableFuture<Void>> setDesiredProperties(
      String thingId, String featureId, java.util.Map<String, Object> values) {
    List<PropertyUpdate> updates = new ArrayList<>(values.size());
    values.forEach((path, value) -> updates.add(new PropertyUpdate(featureId, path, value)));
    Thing result =
        twins.computeIfPresent(
            thingId,
            (key, current) -> {
              Thing thing = current;
              for (PropertyUpdate u : updates) {
                thing =
                    thing.setFeatureDesiredProperty(
                        u.featureId(), JsonPointer.of(u.path()), json(u));
              }
              return thing.toBuilder()
                  .setRevision(revisionOf(thing) + 1)
                  .setModified(clock.instant())
                  .build();
            });
    return result == null ? Optional.empty() : Optional.of(persist(result));
  }

  /**
   * Finds twins matching an RQL filter.
   *
   * @param namespaces restrict to these namespaces (tenants); empty = all
   * @param limit at most this many, capped by the configured search limit
   */
  public List<Thing> search(RqlFilter filter, Set<String> namespaces, int limit) {
    int max = Math.min(limit, config.searchLimit());
    List<Thing> result = new ArrayList<>();
    for (Thing thing : twins.values()) {
      if (inNamespaces(thing, namespaces) && filter.test(thing)) {
        result.add(thing);
        if (result.size() >= max) {
          break;
        }
      }
    }
    return result;
  }

  /** Counts twins matching an RQL filter. */
  public long count(RqlFilter filter, Set<String> namespaces) {
    long n = 0;
    for (Thing thing : twins.values()) {
      if (inNamespaces(thing, namespaces) && filter.test(thing)) {
        n++;
      }
    }
    return n;
  }

  /** All twins, for callers that scan (fleet summaries). */
  public Collection<Thing> all() {
    return twins.values();
  }

  /** Subscribes to twin changes; close the returned handle to stop. */
  public AutoCloseable subscribe(Consumer<TwinEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  private static boolean inNamespaces(Thing thing, Set<String> namespaces) {
    return namespaces.isEmpty()
        || thing.getEntityId().map(id -> namespaces.contains(id.getNamespace())).orElse(false);
  }

  private CompletableFuture<Void> persist(Thing thing) {
    return persist(thing, true);
  }

  private CompletableFuture<Void> persist(Thing thing, boolean immediate) {
    String id = thing.getEntityId().orElseThrow().toString();
    return writer.write(
        id,
        revisionOf(thing),
        () -> thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()).toString(),
        immediate);
  }

  private void publish(TwinEvent event) {
    for (Consumer<TwinEvent> s : subscribers) {
      try {
        s.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("twin event subscriber failed: {}", e.toString());
      }
    }
  }

  private static long revisionOf(Thing thing) {
    return thing.getRevision().map(r -> r.toLong()).orElse(0L);
  }

  private static String definitionOf(Thing thing) {
    return thing.getDefinition().map(Object::toString).orElse("");
  }

  private static JsonValue json(PropertyUpdate u) {
    Object v = u.value();
    if (v instanceof Double d) {
      return JsonFactory.newValue(d);
    }
    if (v instanceof Float f) {
      return JsonFactory.newValue(f.doubleValue());
    }
    if (v instanceof Integer i) {
      return JsonFactory.newValue(i);
    }
    if (v instanceof Long l) {
      return JsonFactory.newValue(l);
    }
    if (v instanceof Number n) {
      return JsonFactory.newValue(n.doubleValue());
    }
    if (v instanceof Boolean b) {
      return JsonFactory.newValue(b);
    }
    return JsonFactory.newValue((String) v);
  }

  /** Writes everything still queued and stops the writer. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }
}
