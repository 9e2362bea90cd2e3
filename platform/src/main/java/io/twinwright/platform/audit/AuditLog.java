package io.twinwright.platform.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log. {@link #append} only queues (rule partitions call it and must never wait on the
 * store); the {@code audit-writer} thread writes queued entries in batches and commits. Entries
 * expire after the retention (TTL index on {@code at}) and the oldest are trimmed beyond the
 * maximum count. {@link #query} reads the store and is blocking: call it on a worker.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int BATCH = 500;

  private final MongoCollection<Document> collection;
  private final Runnable commit;
  private final AuditConfig config;
  private final Queue<AuditRecord> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private long sinceTrim;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "audit-writer");
            t.setDaemon(true);
            return t;
          });

  public AuditLog(MongoDatabase database, Runnable commit, AuditConfig config) {
    this.collection = database.getCollection("audit");
    this.commit = commit;
    this.config = config;
  }

  /** Creates the indexes (the TTL one included). Blocking: call at startup. */
  public void start() {
    collection.createIndex(
        Indexes.ascending("at"),
        new IndexOptions()
            .name("at_ttl")
            .expireAfter(config.retention().toSeconds(), TimeUnit.SECONDS));
    collection.createIndex(Indexes.ascending("thingId", "at"));
  }

  /**
   * Queues an entry for writing; never blocks. When the queue is full (the store cannot keep up)
   * the entry is dropped and counted in {@link #dropped()}.
   *
   * @return whether the entry was queued
   */
  public boolean append(AuditRecord record) {
    if (queued.incrementAndGet() > config.queueLimit()) {
      queued.decrementAndGet();
      if (dropped.incrementAndGet() % 1_000 == 1) {
        LOG.warn("audit log queue full: {} entries dropped so far", dropped.get());
      }
      return false;
    }
    queue.add(record);
    if (drainScheduled.compareAndSet(false, true)) {
      writer.execute(this::drain);
    }
    return true;
  }

  /** Completes once every entry appended before the call is written. */
  public CompletableFuture<Void> flush() {
    return CompletableFuture.runAsync(this::drain, writer);
  }

  /** Entries meeting the query, newest first. Blocking. */
  public List<AuditRecord> query(AuditQuery query) {
    List<Bson> filters = new ArrayList<>();
    query.thingId().ifPresent(v -> filters.add(Filters.eq("thingId", v)));
    query.rule().ifPresent(v -> filters.add(Filters.eq("rule", v)));
    query.action().ifPresent(v -> filters.add(Filters.eq("action", v)));
    query.from().ifPresent(v -> filters.add(Filters.gte("at", Date.from(v))));
    query.to().ifPresent(v -> filters.add(Filters.lt("at", Date.from(v))));
    Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
    List<AuditRecord> result = new ArrayList<>();
    for (Document d :
        collection
            .find(filter)
            .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("_id")))
            .limit(query.limit())) {
      result.add(fromDocument(d));
    }
    return result;
  }

  /** Entries dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Entries written so far by this instance. */
  public long written() {
    return written.get();
  }

  /** On the writer thread. */
  private void drain() {
    drainScheduled.set(false);
    List<Document> batch = new ArrayList<>(BATCH);
    AuditRecord record;
    while ((record = queue.poll()) != null) {
      queued.decrementAndGet();
      batch.add(toDocument(record));
      if (batch.size() == BATCH) {
        write(batch);
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      write(batch);
    }
  }

  private void write(List<Document> batch) {
    try {
      collection.insertMany(batch);
      commit.run();
      written.addAndGet(batch.size());
      sinceTrim += batch.size();
      if (sinceTrim >= config.trimEvery()) {
        sinceTrim = 0;
        trim();
      }
    } catch (RuntimeException e) {
      LOG.error("could not write {} audit entries: {}", batch.size(), e.toString());
    }
  }

  /** Deletes the oldest entries beyond the maximum count. */
  private void trim() {
    Document oldestKept =
        collection
            .find()
            .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("_id")))
            .skip(config.maxEntries() - 1)
            .limit(1)
            .first();
    if (oldestKept == null) {
      return;
    }
    long deleted =
        collection
            .deleteMany(
                Filters.or(
                    Filters.lt("at", oldestKept.getDate("at")),
                    Filters.and(
                        Filters.eq("at", oldestKept.getDate("at")),
                        Filters.lt("_id", oldestKept.get("_id")))))
            .getDeletedCount();
    if (deleted > 0) {
      commit.run();
      LOG.info("audit log trimmed: {} oldest entries deleted", deleted);
    }
  }

  private static Document toDocument(AuditRecord r) {
    return new Document("at", Date.from(r.at()))
        .append("rule", r.rule())
        .append("action", r.action())
        .append("thingId", r.thingId())
        .append("findings", new Document(new HashMap<String, Object>(r.findings())))
        .append("outcome", r.outcome());
  }

  private static AuditRecord fromDocument(Document d) {
    Map<String, String> findings = new HashMap<>();
    Document f = d.get("findings", Document.class);
    if (f != null) {
      f.forEach((k, v) -> findings.put(k, String.valueOf(v)));
    }
    return new AuditRecord(
        d.getDate("at").toInstant(),
        d.getString("rule"),
        d.getString("action"),
        d.getString("thingId"),
        findings,
        d.getString("outcome"));
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    writer.execute(this::drain);
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
