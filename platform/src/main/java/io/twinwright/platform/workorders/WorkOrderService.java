package io.twinwright.platform.workorders;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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
 * The work order book: one open work order per (thing, kind), kept in memory for listing and
 * persisted to the {@code workorders} collection on the named {@code workorders-writer} thread, so
 * neither rule sessions nor event loops wait on storage. Every opened or done work order is
 * exported through the {@link WebhookExporter}; the changes of one work order are delivered in
 * order, each after the previous one was delivered or given up. Deliveries still pending at
 * shutdown are sent again at the next {@link #start()}.
 */
public final class WorkOrderService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderService.class);
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final MongoCollection<Document> collection;
  private final Runnable commit;
  private final Clock clock;
  private final WebhookExporter exporter;
  private final Map<String, WorkOrder> byId = new ConcurrentHashMap<>();
  private final Map<String, String> openByKey = new HashMap<>();
  private final Set<Consumer<WorkOrder>> listeners = ConcurrentHashMap.newKeySet();

  /** The last export queued per work order: the next one starts after it. */
  private final Map<String, Future<Void>> exportTail = new HashMap<>();

  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "workorders-writer");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param database where the {@code workorders} collection lives
   * @param commit the store's durability barrier, run after each write
   * @param exporter the webhook export (disabled when it has no webhooks)
   */
  public WorkOrderService(
      MongoDatabase database, Runnable commit, Clock clock, WebhookExporter exporter) {
    this.collection = database.getCollection("workorders");
    this.commit = commit;
    this.clock = clock;
    this.exporter = exporter;
  }

  /** Loads stored work orders and resumes their pending exports. Blocking: call at startup. */
  public void start() {
    List<WorkOrder> pending = new ArrayList<>();
    for (Document d : collection.find()) {
      WorkOrder order = fromDocument(d);
      byId.put(order.id(), order);
      if (order.state() == WorkOrder.State.OPEN) {
        openByKey.put(key(order.thingId(), order.kind()), order.id());
      }
      if (order.delivery().status() == WorkOrder.Delivery.Status.PENDING) {
        pending.add(order);
      }
    }
    LOG.info("loaded {} work orders, {} exports to resume", byId.size(), pending.size());
    synchronized (this) {
      pending.forEach(this::export);
    }
  }

  /**
   * Opens a work order, or returns the open one with the same thing and kind unchanged: a rule that
   * fires again for the same condition does not open (or export) a second one.
   */
  public synchronized WorkOrder open(WorkOrderRequest request) {
    String openId = openByKey.get(key(request.thingId(), request.kind()));
    if (openId != null) {
      return byId.get(openId);
    }
    String id = UUID.randomUUID().toString();
    WorkOrder order = WorkOrder.opened(id, request, clock.instant(), newDelivery());
    openByKey.put(key(order.thingId(), order.kind()), id);
    LOG.info("work order {} ({}) opened for {}", id, order.kind(), order.thingId());
    store(order);
    export(order);
    notifyListeners(order);
    return order;
  }

  /**
   * Marks an open work order done; one that is done already is returned unchanged.
   *
   * @return the work order afterwards; empty when there is none with this id
   */
  public synchronized Optional<WorkOrder> done(String id) {
    WorkOrder current = byId.get(id);
    if (current == null || current.state() == WorkOrder.State.DONE) {
      return Optional.ofNullable(current);
    }
    WorkOrder done = current.done(clock.instant(), newDelivery());
    openByKey.remove(key(done.thingId(), done.kind()));
    store(done);
    export(done);
    notifyListeners(done);
    return Optional.of(done);
  }

  /**
   * Calls the listener with every work order that was opened or marked done, on the thread that
   * changed it (while the book is locked: hand off, never block), until the handle is closed. The
   * platform uses it to tell the rules that an operator closed an order.
   */
  public AutoCloseable subscribe(Consumer<WorkOrder> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void notifyListeners(WorkOrder order) {
    for (Consumer<WorkOrder> listener : listeners) {
      try {
        listener.accept(order);
      } catch (RuntimeException e) {
        LOG.warn("work order listener failed: {}", e.toString());
      }
    }
  }

  public Optional<WorkOrder> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Work orders, newest first, optionally only those in one state and/or of one thing. */
  public List<WorkOrder> list(Optional<WorkOrder.State> state, Optional<String> thingId) {
    List<WorkOrder> result = new ArrayList<>();
    for (WorkOrder o : byId.values()) {
      if (state.map(s -> s == o.state()).orElse(true)
          && thingId.map(o.thingId()::equals).orElse(true)) {
        result.add(o);
      }
    }
    result.sort(Comparator.comparing(WorkOrder::openedAt).reversed());
    return result;
  }

  public synchronized int openCount() {
    return openByKey.size();
  }

  private WorkOrder.Delivery newDelivery() {
    return exporter.enabled()
        ? WorkOrder.Delivery.pending(UUID.randomUUID().toString())
        : WorkOrder.Delivery.none();
  }

  /** Queues the export of the order's latest change behind the order's earlier ones. */
  private void export(WorkOrder order) {
    if (!exporter.enabled()) {
      return;
    }
    String deliveryId = order.delivery().id();
    JsonObject event = event(order, deliveryId);
    Future<Void> previous = exportTail.getOrDefault(order.id(), Future.succeededFuture());
    Future<Void> next =
        previous.eventually(
            () ->
                exporter
                    .deliver(deliveryId, event, a -> onAttempt(order.id(), deliveryId, a))
                    .onComplete(ar -> onDelivered(order.id(), deliveryId, ar.succeeded())));
    exportTail.put(order.id(), next);
    next.onComplete(
        ar -> {
          synchronized (this) {
            exportTail.remove(order.id(), next);
          }
        });
  }

  private synchronized void onAttempt(
      String orderId, String deliveryId, WebhookExporter.Attempt attempt) {
    WorkOrder current = byId.get(orderId);
    if (current == null || !current.delivery().id().equals(deliveryId)) {
      return; // a newer change of the order supersedes this delivery's status
    }
    WorkOrder.Delivery d = current.delivery();
    store(
        current.withDelivery(
            new WorkOrder.Delivery(
                d.id(),
                d.status(),
                d.attempts() + 1,
                attempt.error().isPresent() ? attempt.error() : d.lastError())));
  }

  private synchronized void onDelivered(String orderId, String deliveryId, boolean delivered) {
    WorkOrder current = byId.get(orderId);
    if (current == null || !current.delivery().id().equals(deliveryId)) {
      return;
    }
    WorkOrder.Delivery d = current.delivery();
    WorkOrder.Delivery.Status status =
        delivered ? WorkOrder.Delivery.Status.DELIVERED : WorkOrder.Delivery.Status.FAILED;
    store(
        current.withDelivery(new WorkOrder.Delivery(d.id(), status, d.attempts(), d.lastError())));
  }

  /** The webhook payload: what changed, and the work order as it is after the change. */
  static JsonObject event(WorkOrder o, String deliveryId) {
    return new JsonObject()
        .put("event", o.state() == WorkOrder.State.OPEN ? "workorder.opened" : "workorder.done")
        .put("deliveryId", deliveryId)
        .put(
            "workOrder",
            new JsonObject()
                .put("id", o.id())
                .put("thingId", o.thingId())
                .put("kind", o.kind())
                .put("priority", o.priority().name().toLowerCase(java.util.Locale.ROOT))
                .put("summary", o.summary())
                .put("findings", new JsonObject(new LinkedHashMap<String, Object>(o.findings())))
                .put("state", o.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("openedAt", o.openedAt().toString())
                .put("updatedAt", o.updatedAt().toString()));
  }

  private void store(WorkOrder order) {
    byId.put(order.id(), order);
    if (writer.isShutdown()) {
      // An attempt that was in flight at close: its outcome is not kept; the delivery stays
      // pending in the store and is made again at the next start.
      return;
    }
    Document doc = toDocument(order);
    writer.execute(
        () -> {
          try {
            collection.replaceOne(Filters.eq("_id", order.id()), doc, UPSERT);
            commit.run();
          } catch (RuntimeException e) {
            LOG.error("could not persist work order {}: {}", order.id(), e.toString());
          }
        });
  }

  private static String key(String thingId, String kind) {
    return thingId + "\u0000" + kind;
  }

  private static Document toDocument(WorkOrder o) {
    WorkOrder.Delivery d = o.delivery();
    return new Document("_id", o.id())
        .append("thingId", o.thingId())
        .append("kind", o.kind())
        .append("priority", o.priority().name())
        .append("summary", o.summary())
        .append("findings", new Document(new HashMap<String, Object>(o.findings())))
        .append("state", o.state().name())
        .append("openedAt", o.openedAt().toString())
        .append("updatedAt", o.updatedAt().toString())
        .append(
            "delivery",
            new Document("id", d.id())
                .append("status", d.status().name())
                .append("attempts", d.attempts())
                .append("lastError", d.lastError().orElse(null)));
  }

  private static WorkOrder fromDocument(Document d) {
    Map<String, String> findings = new HashMap<>();
    Document f = d.get("findings", Document.class);
    if (f != null) {
      f.forEach((k, v) -> findings.put(k, String.valueOf(v)));
    }
    Document del = d.get("delivery", Document.class);
    WorkOrder.Delivery delivery =
        del == null
            ? WorkOrder.Delivery.none()
            : new WorkOrder.Delivery(
                del.getString("id"),
                WorkOrder.Delivery.Status.valueOf(del.getString("status")),
                del.getInteger("attempts", 0),
                Optional.ofNullable(del.getString("lastError")));
    return new WorkOrder(
        d.getString("_id"),
        d.getString("thingId"),
        d.getString("kind"),
        WorkOrder.Priority.valueOf(d.getString("priority")),
        d.getString("summary"),
        findings,
        WorkOrder.State.valueOf(d.getString("state")),
        Instant.parse(d.getString("openedAt")),
        Instant.parse(d.getString("updatedAt")),
        delivery);
  }

  /** Stops exporting (pending deliveries resume at the next start) and finishes pending writes. */
  @Override
  public synchronized void close() {
    exporter.close();
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
