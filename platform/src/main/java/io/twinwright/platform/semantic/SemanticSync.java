package io.twinwright.platform.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.ontology.Normalizer;
import io.twinwright.ontology.graph.TwinGraph;
import io.twinwright.ontology.graph.TwinSnapshot;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.model.ThingModel;
import io.twinwright.twin.model.ThingModelCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the semantic twin graph in step with the twins. Twin events only mark a twin dirty (cheap,
 * on the thread that changed it); a named worker rebuilds the dirty twins' statements from their
 * current state at a fixed period, so a twin reporting many times per period costs one update.
 */
public final class SemanticSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SemanticSync.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TwinGraph graph;
  private final TwinService twins;
  private final ThingModelCatalog catalog;
  private final Supplier<Normalizer> normalizer;
  private final Set<String> dirty = new LinkedHashSet<>();
  private final Set<String> removed = new LinkedHashSet<>();
  private final AtomicLong synced = new AtomicLong();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "twin-graph");
            t.setDaemon(true);
            return t;
          });
  private AutoCloseable subscription;

  public SemanticSync(
      TwinGraph graph,
      TwinService twins,
      ThingModelCatalog catalog,
      Supplier<Normalizer> normalizer) {
    this.graph = graph;
    this.twins = twins;
    this.catalog = catalog;
    this.normalizer = normalizer;
  }

  /**
   * Subscribes to twin changes, queues every existing twin, and starts the periodic sync. Returns
   * at once: after a restart the existing twins are queued on the graph's thread once they are all
   * parsed.
   */
  public void start(Duration period) {
    subscription = twins.subscribe(this::onTwinEvent);
    worker.execute(
        () -> {
          List<String> existing = new ArrayList<>();
          for (Thing t : twins.all()) {
            t.getEntityId().ifPresent(id -> existing.add(id.toString()));
          }
          synchronized (dirty) {
            dirty.addAll(existing);
          }
        });
    long ms = Math.max(50, period.toMillis());
    worker.scheduleWithFixedDelay(this::syncSafely, 0, ms, TimeUnit.MILLISECONDS);
  }

  private void onTwinEvent(TwinEvent event) {
    synchronized (dirty) {
      if (event.kind() == TwinEvent.Kind.DELETED) {
        dirty.remove(event.thingId());
        removed.add(event.thingId());
      } else {
        dirty.add(event.thingId());
      }
    }
  }

  /** Twins written to the graph since start. */
  public long synced() {
    return synced.get();
  }

  /** Twins waiting to be written to the graph. */
  public int backlog() {
    synchronized (dirty) {
      return dirty.size();
    }
  }

  private void syncSafely() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("semantic graph sync failed: {}", e.toString());
    }
  }

  /** Writes the dirty twins' current state to the graph. Runs on the graph worker. */
  void sync() {
    List<String> toUpdate;
    List<String> toRemove;
    synchronized (dirty) {
      toUpdate = new ArrayList<>(dirty);
      toRemove = new ArrayList<>(removed);
      dirty.clear();
      removed.clear();
    }
    toRemove.forEach(graph::remove);
    for (String id : toUpdate) {
      Optional<Thing> thing = twins.get(id);
      if (thing.isEmpty()) {
        graph.remove(id);
        continue;
      }
      graph.update(snapshot(thing.get()));
      synced.incrementAndGet();
    }
  }

  /** Completes once everything changed so far is in the graph (tests, shutdown). */
  public void flush() throws Exception {
    worker.submit(this::sync).get(60, TimeUnit.SECONDS);
  }

  TwinSnapshot snapshot(Thing thing) {
    String thingId = thing.getEntityId().orElseThrow().toString();
    String tenant = thingId.substring(0, thingId.indexOf(':'));
    String modelId = thing.getDefinition().map(Object::toString).orElse("");
    Optional<ThingModel> model = modelId.isEmpty() ? Optional.empty() : catalog.find(modelId);
    List<TwinSnapshot.Value> values = new ArrayList<>();
    String security = "";
    for (Feature feature : thing.getFeatures().map(f -> f.stream().toList()).orElse(List.of())) {
      String featureId = feature.getId();
      JsonObject props =
          feature.getProperties().map(p -> (JsonObject) p).orElse(JsonObject.empty());
      if ("security".equals(featureId)) {
        security =
            props.getValue("state").filter(JsonValue::isString).map(JsonValue::asString).orElse("");
        continue;
      }
      Optional<ThingModel.PropertySpec> spec = model.map(m -> m.properties().get(featureId));
      collect(featureId, "", props, spec, values);
    }
    TwinSnapshot.Relations relations = TwinSnapshot.Relations.NONE;
    var relationsJson =
        thing.getAttributes().flatMap(a -> a.getValue("relations")).filter(JsonValue::isObject);
    if (relationsJson.isPresent()) {
      try {
        JsonNode node = JSON.readTree(relationsJson.get().toString());
        relations = TwinSnapshot.Relations.fromJson(node);
      } catch (Exception e) {
        LOG.debug("ignoring unreadable relations of {}: {}", thingId, e.toString());
      }
    }
    return new TwinSnapshot(
        thingId,
        tenant,
        modelId,
        model.map(ThingModel::semanticType).orElse(""),
        values,
        relations,
        security,
        thing.getModified().orElse(Instant.EPOCH));
  }

  private void collect(
      String featureId,
      String prefix,
      JsonObject object,
      Optional<ThingModel.PropertySpec> spec,
      List<TwinSnapshot.Value> into) {
    for (JsonField field : object) {
      String path = prefix.isEmpty() ? field.getKeyName() : prefix + "/" + field.getKeyName();
      JsonValue v = field.getValue();
      if (v.isObject()) {
        collect(featureId, path, v.asObject(), spec, into);
        continue;
      }
      Object scalar;
      if (v.isNumber()) {
        scalar = v.asDouble();
      } else if (v.isBoolean()) {
        scalar = v.asBoolean();
      } else if (v.isString()) {
        scalar = v.asString();
      } else {
        continue;
      }
      String term = spec.map(ThingModel.PropertySpec::semanticType).orElse("");
      String unit =
          spec.map(ThingModel.PropertySpec::unit)
              .filter(u -> !u.isEmpty())
              .or(() -> normalizer.get().canonicalUnit(featureId, path))
              .orElse("");
      into.add(new TwinSnapshot.Value(featureId, path, term, scalar, unit));
    }
  }

  @Override
  public void close() {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        LOG.debug("unsubscribe failed", e);
      }
    }
    worker.shutdownNow();
  }
}
