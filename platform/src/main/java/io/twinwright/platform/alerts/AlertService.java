package io.twinwright.platform.alerts;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.twinwright.rules.Alert;
import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert book: one open alert per (thing, code), deduplicated, kept in memory for listing and
 * persisted to the {@code alerts} collection on a named writer thread so rule sessions never wait
 * on storage.
 */
public final class AlertService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final MongoCollection<Document> collection;
  private final Runnable commit;
  private final Clock clock;
  private final Map<String, Alert> byId = new ConcurrentHashMap<>();
  private final Map<String, String> openByKey = new HashMap<>();
  private final Map<String, Document> unwritten = new LinkedHashMap<>();
  private final Set<Consumer<Alert>> listeners = ConcurrentHashMap.newKeySet();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "alerts-writer");
            t.setDaemon(true);
            return t;
          });

  public AlertService(MongoDatabase database, Runnable commit, Clock clock) {
    this.collection = database.getCollection("alerts");
    this.commit = commit;
    this.clock = clock;
  }

  /** Loads stored alerts. Blocking: call at startup. */
  public void start() {
    for (Document d : collection.find()) {
      Alert alert = fromDocument(d);
      byId.put(alert.id(), alert);
      if (alert.state() != Alert.State.CLEARED) {
        openByKey.put(key(alert.thingId(), alert.code()), alert.id());
      }
    }
    LOG.info("loaded {} alerts", byId.size());
  }

  /** Raises an alert, or refreshes the open one with the same thing and code. */
  public synchronized Alert raise(AlertRequest request) {
    Instant now = clock.instant();
    String openId = openByKey.get(key(request.thingId(), request.code()));
    Alert alert;
    if (openId != null) {
      Alert open = byId.get(openId);
      alert =
          new Alert(
              open.id(),
              open.thingId(),
              open.code(),
              request.severity(),
              request.message(),
              request.findings(),
              open.raisedAt(),
              now,
              open.state());
    } else {
      alert = Alert.raised(UUID.randomUUID().toString(), request, now);
      openByKey.put(key(request.thingId(), request.code()), alert.id());
      LOG.info("alert {} on {}: {}", request.code(), request.thingId(), request.message());
    }
    store(alert);
    return alert;
  }

  /** Clears the open alert with this thing and code, if there is one. */
  public synchronized Optional<Alert> clear(String thingId, String code) {
    String openId = openByKey.remove(key(thingId, code));
    if (openId == null) {
      return Optional.empty();
    }
    Alert cleared = byId.get(openId).withState(Alert.State.CLEARED, clock.instant());
    store(cleared);
    LOG.info("alert {} on {} cleared", code, thingId);
    return Optional.of(cleared);
  }

  /** The alert with this id, whatever its state. */
  public Optional<Alert> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * An operator acknowledges an active alert; an acknowledged or cleared one is returned unchanged.
   *
   * @return the alert afterwards; empty when there is none with this id
   */
  public synchronized Optional<Alert> acknowledge(String id) {
    Alert current = byId.get(id);
    if (current == null || current.state() != Alert.State.ACTIVE) {
      return Optional.ofNullable(current);
    }
    Alert acknowledged = current.withState(Alert.State.ACKNOWLEDGED, clock.instant());
    store(acknowledged);
    LOG.info("alert {} on {} acknowledged", current.code(), current.thingId());
    return Optional.of(acknowledged);
  }

  /**
   * An operator clears an alert by id; a cleared one is returned unchanged. A rule that still sees
   * the condition raises a new alert.
   *
   * @return the alert afterwards; empty when there is none with this id
   */
  public synchronized Optional<Alert> clearById(String id) {
    Alert current = byId.get(id);
    if (current == null || current.state() == Alert.State.CLEARED) {
      return Optional.ofNullable(current);
    }
    openByKey.remove(key(current.thingId(), current.code()), id);
    Alert cleared = current.withState(Alert.State.CLEARED, clock.instant());
    store(cleared);
    LOG.info("alert {} on {} cleared by an operator", current.code(), current.thingId());
    return Optional.of(cleared);
  }

  /**
   * Calls the listener with every alert after each change (raised, refreshed, acknowledged,
   * cleared), on the thread that made the change, until the handle is closed.
   */
  public AutoCloseable subscribe(Consumer<Alert> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Alerts, newest first, optionally only those of one thing and/or in one state. */
  public List<Alert> list(Optional<String> thingId, Optional<Alert.State> state) {
    List<Alert> result = new ArrayList<>();
    for (Alert a : byId.values()) {
      if (thingId.map(a.thingId()::equals).orElse(true)
          && state.map(s -> s == a.state()).orElse(true)) {
        result.add(a);
      }
    }
    result.sort(Comparator.comparing(Alert::updatedAt).reversed());
    return result;
  }

  public synchronized int openCount() {
    return openByKey.size();
  }

  /** Open alerts with this code. */
  public synchronized long openCount(String code) {
    return openByKey.keySet().stream().filter(k -> k.endsWith("\u0000" + code)).count();
  }

  private void store(Alert alert) {
    byId.put(alert.id(), alert);
    for (Consumer<Alert> listener : listeners) {
      try {
        listener.accept(alert);
      } catch (RuntimeException e) {
        LOG.warn("alert listener failed: {}", e.toString());
      }
    }
    boolean schedule;
    synchronized (unwritten) {
      schedule = unwritten.isEmpty();
      unwritten.put(alert.id(), toDocument(alert));
    }
    if (schedule) {
      writer.execute(this::flush);
    }
  }

  /**
   * Writes every alert changed since the last flush in one bulk write (an alert changed twice is
   * written once), then commits. A failed write keeps the alerts queued for the next flush.
   */
  private void flush() {
    Map<String, Document> batch;
    synchronized (unwritten) {
      if (unwritten.isEmpty()) {
        return;
      }
      batch = new LinkedHashMap<>(unwritten);
      unwritten.clear();
    }
    List<ReplaceOneModel<Document>> writes = new ArrayList<>(batch.size());
    batch.forEach(
        (id, doc) -> writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), doc, UPSERT)));
    try {
      collection.bulkWrite(writes);
      commit.run();
    } catch (RuntimeException e) {
      LOG.error("could not persist {} alerts, will retry: {}", batch.size(), e.toString());
      synchronized (unwritten) {
        batch.forEach(unwritten::putIfAbsent);
      }
      writer.execute(this::flush);
    }
  }

  private static String key(String thingId, String code) {
    return thingId + "\u0000" + code;
  }

  private static Document toDocument(Alert a) {
    return new Document("_id", a.id())
        .append("thingId", a.thingId())
        .append("code", a.code())
        .append("severity", a.severity().name())
        .append("message", a.message())
        .append("findings", new Document(new HashMap<String, Object>(a.findings())))
        .append("raisedAt", a.raisedAt().toString())
        .append("updatedAt", a.updatedAt().toString())
        .append("state", a.state().name());
  }

  private static Alert fromDocument(Document d) {
    Map<String, String> findings = new HashMap<>();
    Document f = d.get("findings", Document.class);
    if (f != null) {
      f.forEach((k, v) -> findings.put(k, String.valueOf(v)));
    }
    return new Alert(
        d.getString("_id"),
        d.getString("thingId"),
        d.getString("code"),
        Severity.valueOf(d.getString("severity")),
        d.getString("message"),
        findings,
        Instant.parse(d.getString("raisedAt")),
        Instant.parse(d.getString("updatedAt")),
        Alert.State.valueOf(d.getString("state")));
  }

  /** Finishes pending writes. */
  @Override
  public void close() {
    writer.execute(this::flush);
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
