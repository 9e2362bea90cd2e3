package io.twinwright.twin;

import io.twinwright.twin.model.ThingModelValidator;
import io.twinwright.twin.search.RqlFilter;
import io.twinwright.twin.search.SearchIndex;
import io.twinwright.twin.search.SearchPage;
import io.twinwright.twin.search.SearchRequest;
import io.twinwright.twin.search.TwinSearch;
import io.twinwright.twin.store.WriteBehind;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.ditto.base.model.entity.metadata.Metadata;
import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonMergePatch;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every twin hot in memory as a Ditto {@link Thing}, applies patches with a revision per
 * twin, persists through a coalescing bulk writer, and publishes each change to subscribers.
 *
 * <p>Changes of one twin are serialised (per-key atomic update), so its events are published in
 * revision order. Subscribers are called on the thread that applied the change and must only hand
 * the event on, never block.
 *
 * <p>Readings are applied in source-time order per property: each property's source time is kept in
 * the twin's Ditto {@code _metadata} ({@code /features/<f>/properties/<path>/observedAt}, an
 * ISO-8601 instant) and persisted with it, and a reading older than that time (a device sending
 * what it buffered while offline) does not overwrite the newer value. Every reading, applied or
 * not, goes to the {@link HistorySink} with its source time.
 */
public final class TwinService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TwinService.class);

  /** Name of the metadata entry holding a property's source time. */
  public static final String OBSERVED_AT = "observedAt";

  // A device clock running ahead must not lock a property against later readings: source times
  // further ahead of the platform clock than this are taken as the time of arrival.
  private static final Duration MAX_CLOCK_AHEAD = Duration.ofSeconds(10);

  private final TwinConfig config;
  private final TwinRepository repository;
  private final Clock clock;
  private final HistorySink history;
  private final ConcurrentHashMap<String, Thing> twins = new ConcurrentHashMap<>();
  // stored JSON of twins read back by start() and not parsed yet (see materialize)
  private final ConcurrentHashMap<String, String> unparsed = new ConcurrentHashMap<>();
  // how many twins there are, parsed or not: changed under the twin's lock when one is created or
  // deleted, so it is exact whenever no write is under way
  private final AtomicInteger count = new AtomicInteger();
  // completes when the twins read by start() are all parsed; complete for a service not started
  private volatile CompletableFuture<Void> loaded = CompletableFuture.completedFuture(null);
  private final List<Consumer<TwinEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final LongAdder updates = new LongAdder();
  private final ThingModelValidator validator;
  private final SearchIndex index;
  private final TwinSearch searcher;
  private WriteBehind writer;

  /** A service that does not check application writes against Thing Models. */
  public TwinService(TwinConfig config, TwinRepository repository, Clock clock) {
    this(config, repository, clock, ThingModelValidator.none(), HistorySink.NONE);
  }

  /**
   * @param history receives every reading applied through {@link #apply(TwinPatch, boolean)}
   */
  public TwinService(
      TwinConfig config, TwinRepository repository, Clock clock, HistorySink history) {
    this(config, repository, clock, ThingModelValidator.none(), history);
  }

  /**
   * @param validator checks application writes of twins against their Thing Model
   */
  public TwinService(
      TwinConfig config, TwinRepository repository, Clock clock, ThingModelValidator validator) {
    this(config, repository, clock, validator, HistorySink.NONE);
  }

  /**
   * @param validator checks application writes of twins against their Thing Model
   * @param history receives every reading applied through {@link #apply(TwinPatch, boolean)}
   */
  public TwinService(
      TwinConfig config,
      TwinRepository repository,
      Clock clock,
      ThingModelValidator validator,
      HistorySink history) {
    this.config = config;
    this.history = history;
    this.repository = repository;
    this.clock = clock;
    this.validator = validator;
    this.index =
        new SearchIndex(
            config.maxIndexedPaths(),
            sink -> {
              for (String id : twins.keySet()) {
                twins.computeIfPresent(
                    id,
                    (k, t) -> {
                      sink.accept(k, t);
                      return t;
                    });
              }
            });
    this.searcher = new TwinSearch(twins, index);
  }

  /**
   * Reads every stored twin back and starts the writer. Blocking: call at startup.
   *
   * <p>It returns once the stored JSON of every twin is in memory; turning that JSON into Ditto
   * things (most of the cost of a restart) goes on in the background, on one thread per core, until
   * {@link #loaded()} completes. Meanwhile the service answers as if it had finished: a twin that
   * is read or written is parsed on the spot, and the calls that need every twin ({@link #all()},
   * search, count) wait for the rest.
   */
  public void start() {
    repository.loadAll(t -> unparsed.put(t.thingId(), t.json()));
    List<String> ids = new ArrayList<>(unparsed.keySet());
    count.addAndGet(ids.size());
    loaded = new CompletableFuture<>();
    writer =
        new WriteBehind(
            repository, config.maxBatch(), config.retryBackoff(), config.deferredWriteWindow());
    LOG.info("read {} stored twins", ids.size());
    parseInBackground(ids);
  }

  private void parseInBackground(List<String> ids) {
    if (ids.isEmpty()) {
      loaded.complete(null);
      return;
    }
    long t0 = System.nanoTime();
    int parsers = Math.max(1, Runtime.getRuntime().availableProcessors());
    int share = (ids.size() + parsers - 1) / parsers;
    CompletableFuture<?>[] parts = new CompletableFuture<?>[parsers];
    for (int i = 0; i < parsers; i++) {
      List<String> part =
          ids.subList(Math.min(ids.size(), i * share), Math.min(ids.size(), (i + 1) * share));
      CompletableFuture<Void> done = new CompletableFuture<>();
      parts[i] = done;
      Thread parser =
          new Thread(
              () -> {
                try {
                  part.forEach(this::materialize);
                  done.complete(null);
                } catch (RuntimeException | Error e) {
                  done.completeExceptionally(e);
                }
              },
              "twin-loader-" + i);
      parser.setDaemon(true);
      parser.start();
    }
    CompletableFuture.allOf(parts)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.error("parsing the stored twins failed", e);
                loaded.completeExceptionally(e);
              } else {
                LOG.info(
                    "loaded {} twins in {} ms", twins.size(), (System.nanoTime() - t0) / 1_000_000);
                loaded.complete(null);
              }
            });
  }

  /**
   * Completes once every stored twin read by {@link #start()} is a Ditto thing in memory (at once
   * for a service that started empty).
   */
  public CompletableFuture<Void> loaded() {
    return loaded.copy();
  }

  /**
   * The twin in memory, parsed now from its stored JSON if the background parsers have not reached
   * it yet; null if there is no such twin. A stored twin leaves {@code unparsed} only once it is in
   * {@code twins}, so at any moment an existing twin is in one map or both, never in neither.
   */
  private Thing materialize(String thingId) {
    Thing thing = twins.get(thingId);
    if (thing != null || !unparsed.containsKey(thingId)) {
      return thing;
    }
    thing =
        twins.computeIfAbsent(
            thingId,
            id -> {
              String json = unparsed.get(id);
              if (json == null) {
                return null;
              }
              try {
                return ThingsModelFactory.newThing(json);
              } catch (RuntimeException e) {
                // dropped here, under the key's lock, so that it is counted out once
                if (unparsed.remove(id) != null) {
                  LOG.error("skipping unreadable stored twin {}: {}", id, e.toString());
                  count.decrementAndGet();
                }
                return null;
              }
            });
    unparsed.remove(thingId);
    return thing;
  }

  private void awaitLoaded() {
    if (loaded.isDone() && !loaded.isCompletedExceptionally()) {
      return;
    }
    try {
      loaded.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the twins were being loaded", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the stored twins could not be loaded", e.getCause());
    }
  }

  public Optional<Thing> get(String thingId) {
    return Optional.ofNullable(materialize(thingId));
  }

  /** How many twins there are, including those not parsed yet after a restart. */
  public int size() {
    return count.get();
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
    materialize(id);
    TwinEvent[] event = new TwinEvent[1];
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] done = new CompletableFuture[1];
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
                count.incrementAndGet();
                event[0] =
                    new TwinEvent(TwinEvent.Kind.CREATED, device, 1, now, definition, List.of());
                index.update(key, created, null);
                publish(event[0]);
                done[0] = persist(created, true);
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
              index.update(key, changed, List.of("/definition"));
              publish(event[0]);
              done[0] = persist(changed, true);
              return changed;
            });
    if (event[0] == null) {
      return CompletableFuture.completedFuture(result);
    }
    return done[0].thenApply(v -> result);
  }

  /**
   * Applies canonical property values to the device's twin (creating it if needed), publishes the
   * change, and queues it for persistence.
   *
   * @return completes with the published event once the change (and its history) is durable; with
   *     {@code null} when every reading was older than the twin's state, so that only the history
   *     recorded them and no event was published
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
    Instant arrival = clock.instant();
    Instant observedAt =
        patch.observedAt().isAfter(arrival.plus(MAX_CLOCK_AHEAD)) ? arrival : patch.observedAt();
    materialize(device.thingId());
    TwinEvent[] event = new TwinEvent[1];
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] done = new CompletableFuture[1];
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
          JsonObject metadata =
              thing.getMetadata().map(m -> (JsonObject) m).orElse(JsonFactory.newObject());
          JsonValue time = JsonFactory.newValue(observedAt.toString());
          List<PropertyUpdate> changed = new ArrayList<>(patch.updates().size());
          for (PropertyUpdate u : patch.updates()) {
            JsonPointer stamp = JsonPointer.of(u.pointer() + '/' + OBSERVED_AT);
            if (newerStateThan(metadata, stamp, observedAt)) {
              continue; // a late reading: history only
            }
            thing = thing.setFeatureProperty(u.featureId(), JsonPointer.of(u.path()), json(u));
            metadata = metadata.setValue(stamp, time);
            changed.add(u);
          }
          if (changed.isEmpty()) {
            return current;
          }
          if (current == null) {
            count.incrementAndGet();
          }
          long revision = revisionOf(thing) + 1;
          thing =
              thing.toBuilder()
                  .setRevision(revision)
                  .setModified(now)
                  .setMetadata(Metadata.newMetadata(metadata))
                  .build();
          event[0] =
              new TwinEvent(
                  TwinEvent.Kind.MODIFIED, device, revision, now, definitionOf(thing), changed);
          index.update(key, thing, pointers(changed));
          publish(event[0]);
          done[0] = persist(thing, immediate);
          return thing;
        });
    updates.increment();
    CompletableFuture<Void> recorded =
        history.record(device, observedAt, patch.updates(), immediate);
    TwinEvent published = event[0];
    if (published == null) {
      return recorded.thenApply(v -> null);
    }
    return done[0].thenCombine(recorded, (a, b) -> published);
  }

  /** Whether the twin holds a value of this property from a later source time. */
  private static boolean newerStateThan(JsonObject metadata, JsonPointer stamp, Instant time) {
    if (metadata.isEmpty()) {
      return false;
    }
    Optional<JsonValue> held = metadata.getValue(stamp);
    if (held.isEmpty() || !held.get().isString()) {
      return false;
    }
    try {
      return Instant.parse(held.get().asString()).isAfter(time);
    } catch (DateTimeException e) {
      return false; // an unreadable stamp (edited by hand) must not freeze the property
    }
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
    materialize(thingId);
    TwinEvent[] event = new TwinEvent[1];
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] done = new CompletableFuture[1];
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
              index.update(key, thing, List.of("/attributes" + path));
              publish(event[0]);
              done[0] = persist(thing, true);
              return thing;
            });
    if (result == null) {
      return Optional.empty();
    }
    TwinEvent published = event[0];
    return Optional.of(done[0].thenApply(v -> published));
  }

  /**
   * Sets the JSON at {@code pointer} inside the twin ({@code /} for the whole thing, {@code
   * /attributes/location}, {@code /features/env/properties/value}, {@code /definition}, ...),
   * creating the twin when the pointer is the root and it does not exist. Intermediate objects are
   * created as needed. The result is checked by Ditto's own thing parser and against the twin's
   * Thing Model.
   *
   * @return completes once durable
   * @throws org.eclipse.ditto.base.model.exceptions.DittoRuntimeException when the result is not a
   *     valid Ditto thing, or the twin does not exist and the pointer is not the root
   * @throws TwinValidationException when the result breaks the twin's Thing Model
   */
  public CompletableFuture<TwinWrite> put(
      ThingId thingId, JsonPointer pointer, JsonValue value, TwinCondition condition) {
    return write(
        thingId,
        pointer,
        condition,
        pointer.isEmpty(),
        current -> {
          if (pointer.isEmpty()) {
            if (!value.isObject()) {
              throw new IllegalArgumentException("a thing must be a JSON object");
            }
            return withoutSpecialFields(value.asObject());
          }
          return current.setValue(pointer, value);
        },
        pointer.isEmpty()
            ? (value.isObject() ? value.asObject() : JsonFactory.newObject())
            : JsonFactory.newObject().setValue(pointer, value),
        TwinEvent.Write.Operation.PUT);
  }

  /**
   * Merges a JSON merge patch (RFC 7396: members replace, {@code null} deletes) into the JSON at
   * {@code pointer} of an existing twin.
   *
   * @return completes once durable
   */
  public CompletableFuture<TwinWrite> merge(
      ThingId thingId, JsonPointer pointer, JsonValue patch, TwinCondition condition) {
    return write(
        thingId,
        pointer,
        condition,
        false,
        current -> {
          JsonValue target = pointer.isEmpty() ? current : current.getValue(pointer).orElse(null);
          JsonValue merged =
              JsonMergePatch.of(patch).applyOn(target == null ? JsonFactory.nullLiteral() : target);
          if (pointer.isEmpty()) {
            if (!merged.isObject()) {
              throw new IllegalArgumentException("a merged thing must be a JSON object");
            }
            return withoutSpecialFields(merged.asObject());
          }
          return current.setValue(pointer, merged);
        },
        pointer.isEmpty() && patch.isObject()
            ? patch.asObject()
            : JsonFactory.newObject().setValue(pointer, patch),
        TwinEvent.Write.Operation.MERGE);
  }

  /**
   * Deletes the twin ({@code pointer} = root) or the JSON at {@code pointer} inside it. Deleting
   * the twin removes it from the store and publishes a {@link TwinEvent.Kind#DELETED} event.
   *
   * @return completes once durable
   */
  public CompletableFuture<TwinWrite> delete(
      ThingId thingId, JsonPointer pointer, TwinCondition condition) {
    return write(
        thingId,
        pointer,
        condition,
        false,
        current -> pointer.isEmpty() ? null : current.remove(pointer),
        pointer.isEmpty()
            ? JsonFactory.newObject()
            : JsonFactory.newObject().setValue(pointer, JsonFactory.nullLiteral()),
        TwinEvent.Write.Operation.DELETE);
  }

  /**
   * The one path of every application write: check the condition on the current state, compute the
   * new JSON, parse and validate it, bump the revision, index, publish, queue for the store — all
   * under the twin's lock, so each twin's changes are applied, published and stored in order.
   *
   * @param change the current regular JSON (empty object when absent) to the new JSON, or null to
   *     delete the twin
   * @param delta the changed part, for the published event
   * @param operation what the write does at {@code pointer}, for the published event
   */
  private CompletableFuture<TwinWrite> write(
      ThingId thingId,
      JsonPointer pointer,
      TwinCondition condition,
      boolean mayCreate,
      java.util.function.UnaryOperator<JsonObject> change,
      JsonObject delta,
      TwinEvent.Write.Operation operation) {
    String id = thingId.toString();
    materialize(id);
    TwinWrite[] outcome = new TwinWrite[1];
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] done = new CompletableFuture[1];
    twins.compute(
        id,
        (key, current) -> {
          Optional<Thing> before = Optional.ofNullable(current);
          condition.check(before);
          if (current == null && !mayCreate) {
            throw ThingNotAccessibleException.newBuilder(thingId).build();
          }
          Instant now = clock.instant();
          long revision = (current == null ? 0 : revisionOf(current)) + 1;
          DeviceId device = DeviceId.ofThingId(key);
          JsonObject base =
              current == null
                  ? JsonFactory.newObject()
                  : current.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial());
          base = withoutSpecialFields(base);
          JsonObject next = change.apply(base);
          if (next == null) {
            if (current == null) {
              throw ThingNotAccessibleException.newBuilder(thingId).build();
            }
            TwinEvent event =
                new TwinEvent(
                    TwinEvent.Kind.DELETED,
                    device,
                    revision,
                    now,
                    definitionOf(current),
                    List.of(),
                    List.of(),
                    JsonFactory.newObjectBuilder().set("thingId", id).build(),
                    Optional.of(new TwinEvent.Write(operation, pointer, Optional.empty())));
            index.update(key, null, null);
            count.decrementAndGet();
            publish(event);
            done[0] = writer.delete(id, revision);
            outcome[0] = new TwinWrite(before, Optional.empty(), event);
            return null;
          }
          next = next.setValue("thingId", id);
          if (!next.contains("policyId")) {
            // Ditto gives a new thing a policy of the same id when none is named, and a thing
            // never loses its policy.
            String policy =
                current == null ? id : current.getPolicyId().map(Object::toString).orElse(null);
            if (policy != null) {
              next = next.setValue("policyId", policy);
            }
          }
          Thing parsed = ThingsModelFactory.newThing(next);
          var builder =
              parsed.toBuilder()
                  .setRevision(revision)
                  .setModified(now)
                  .setCreated(current == null ? now : current.getCreated().orElse(now));
          if (current != null) {
            // the source times of device readings survive application writes (e.g. liveness),
            // or a late reading would overwrite newer state after any such write
            current.getMetadata().ifPresent(builder::setMetadata);
          }
          Thing thing = builder.build();
          validator.validate(before, thing);
          if (current == null) {
            count.incrementAndGet();
          }
          JsonObject changed =
              current == null
                  ? thing.toJson()
                  : JsonFactory.newObjectBuilder().set("thingId", id).build().setAll(delta);
          TwinEvent event =
              new TwinEvent(
                  current == null ? TwinEvent.Kind.CREATED : TwinEvent.Kind.MODIFIED,
                  device,
                  revision,
                  now,
                  definitionOf(thing),
                  List.of(),
                  attributePointers(pointer, before, thing),
                  changed,
                  Optional.of(new TwinEvent.Write(operation, pointer, Optional.of(thing))));
          index.update(key, thing, List.of(pointer.toString()));
          publish(event);
          done[0] = persist(thing, true);
          outcome[0] = new TwinWrite(before, Optional.of(thing), event);
          return thing;
        });
    TwinWrite result = outcome[0];
    return done[0].thenApply(v -> result);
  }

  /** The attribute pointers (inside {@code /attributes}) a write at {@code pointer} may change. */
  private static List<String> attributePointers(
      JsonPointer pointer, Optional<Thing> before, Thing after) {
    String p = pointer.toString();
    if (p.startsWith("/attributes/")) {
      return List.of(p.substring("/attributes".length()));
    }
    if (!pointer.isEmpty() && !p.equals("/attributes")) {
      return List.of();
    }
    JsonObject old = before.flatMap(Thing::getAttributes).map(a -> (JsonObject) a).orElse(null);
    JsonObject now = after.getAttributes().map(a -> (JsonObject) a).orElse(null);
    if (java.util.Objects.equals(old, now)) {
      return List.of();
    }
    Set<String> keys = new java.util.TreeSet<>();
    if (old != null) {
      old.getKeys().forEach(k -> keys.add("/" + k));
    }
    if (now != null) {
      now.getKeys().forEach(k -> keys.add("/" + k));
    }
    return List.copyOf(keys);
  }

  /** Drops {@code _revision}, {@code _created} and the like: the service owns them. */
  private static JsonObject withoutSpecialFields(JsonObject json) {
    // field by field: JsonObject.filter would turn nested JSON nulls into empty objects
    var regular = JsonFactory.newObjectBuilder();
    for (var field : json) {
      if (!field.getKeyName().startsWith("_")) {
        regular.set(field);
      }
    }
    return regular.build();
  }

  private static List<String> pointers(List<PropertyUpdate> updates) {
    List<String> pointers = new ArrayList<>(updates.size());
    for (PropertyUpdate u : updates) {
      pointers.add(u.pointer());
    }
    return pointers;
  }

  /**
   * Finds twins matching an RQL filter, in thing id order.
   *
   * @param namespaces restrict to these namespaces (tenants); empty = all
   * @param limit at most this many, capped by the configured search limit
   */
  public List<Thing> search(RqlFilter filter, Set<String> namespaces, int limit) {
    int max = Math.min(limit, config.searchLimit());
    return search(new SearchRequest(filter, namespaces, List.of(), 0, max, Optional.empty()))
        .items();
  }

  /**
   * One page of a search: filtered, sorted, from an offset or after a cursor position. Filters with
   * {@code eq}/{@code in} on attributes or feature properties use value indexes.
   */
  public SearchPage search(SearchRequest request) {
    awaitLoaded();
    return searcher.search(request);
  }

  /** Counts twins matching an RQL filter. */
  public long count(RqlFilter filter, Set<String> namespaces) {
    awaitLoaded();
    return searcher.count(filter, namespaces, t -> true);
  }

  /** Counts twins matching an RQL filter that also pass {@code visible} (the caller's policy). */
  public long count(
      RqlFilter filter, Set<String> namespaces, java.util.function.Predicate<Thing> visible) {
    awaitLoaded();
    return searcher.count(filter, namespaces, visible);
  }

  /** Paths with a search index (created by the first filter that asked for each). */
  public Set<String> indexedPaths() {
    Set<String> paths = new java.util.TreeSet<>();
    index.paths().forEach(p -> paths.add(p.toString()));
    return paths;
  }

  /**
   * All twins, for callers that scan (fleet summaries). Right after a restart it waits until every
   * twin is parsed ({@link #loaded()}).
   */
  public Collection<Thing> all() {
    awaitLoaded();
    return twins.values();
  }

  /** Subscribes to twin changes; close the returned handle to stop. */
  public AutoCloseable subscribe(Consumer<TwinEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
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
