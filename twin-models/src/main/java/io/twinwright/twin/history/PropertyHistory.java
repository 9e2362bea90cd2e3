package io.twinwright.twin.history;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.HistorySink;
import io.twinwright.twin.PropertyUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of twin properties: every reading the twin service is given, with its source time,
 * kept for the configured retention and queried as raw points or downsampled steps.
 *
 * <p>Readings are buffered in memory and written in bulk from one named thread ({@code
 * history-writer}): at once when somebody waits for durability (at-least-once messages), else
 * within the flush interval. A twin's readings of one time bucket (ten minutes by default) live in
 * one document, {@code {_id: {th, b}, e, s: {"<feature>/<path>": {t: [...], v: [...]}}}}, which
 * each bulk write extends with one {@code $push} per twin. The embedded store implements no
 * secondary indexes (only {@code _id}) and costs about the same per document whatever the
 * operation, so: queries fetch the range's buckets by {@code _id} rather than scanning, one write
 * per twin and flush (not per reading) keeps the document count down, and short buckets bound what
 * the store rewrites on each append.
 *
 * <p>Guarantees: {@link #record} completes once its readings are durable (written and {@code
 * afterWrite} run, which commits the embedded store), so a device acknowledged after its twin
 * change and history are durable never loses either. A reading delivered twice (a device resending
 * after a lost acknowledgement, or a bulk write retried after it partly landed) may be stored twice
 * but is answered once: queries drop repeats of the same time and value. When the buffer is full,
 * readings nobody waits for are dropped and counted rather than slowing the telemetry path. Queries
 * see readings still in memory, too. Expired buckets are deleted from a separate thread.
 */
public final class PropertyHistory implements HistorySink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PropertyHistory.class);

  /** The collection the history is kept in. */
  public static final String COLLECTION = "history";

  // buckets fetched per query round trip
  private static final int LOOKUP_BATCH = 64;
  private static final int MAX_STEPS = 100_000;
  private static final Pattern POINTER =
      Pattern.compile(
          "/?features/([A-Za-z0-9_-]+)/properties/([A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*)");

  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private record Reading(String thingId, String key, long t, Object value) {}

  private final MongoCollection<Document> chunks;
  private final Runnable afterWrite;
  private final HistoryConfig config;
  private final Clock clock;
  private final long flushNanos;
  private final long purgeMillis;
  private final long bucketMillis;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private ArrayList<Reading> pending = new ArrayList<>();
  private List<CompletableFuture<Void>> waiters = new ArrayList<>();
  private List<Reading> inflight = List.of();
  private boolean urgent;
  private boolean closing;
  private long oldestPending;
  private long written;
  private final LongAdder dropped = new LongAdder();
  private Thread writer;
  private final ScheduledExecutorService retention =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "history-retention");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param afterWrite runs after every write returned: the embedded store commits its file there
   */
  public PropertyHistory(
      MongoDatabase database, Runnable afterWrite, HistoryConfig config, Clock clock) {
    this.chunks = database.getCollection(COLLECTION);
    this.afterWrite = Objects.requireNonNull(afterWrite, "afterWrite");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.flushNanos = config.flushInterval().toNanos();
    this.bucketMillis = config.bucket().toMillis();
    long purge = config.retention().dividedBy(20).toMillis();
    this.purgeMillis = Math.max(1_000, Math.min(purge, TimeUnit.MINUTES.toMillis(10)));
  }

  /** Creates the index and starts the writer and the retention task. Blocking: call at startup. */
  public void start() {
    // used by a real MongoDB when deleting expired buckets; the embedded store scans instead
    chunks.createIndex(Indexes.ascending("e"), new IndexOptions().name("end"));
    writer = new Thread(this::run, "history-writer");
    writer.setDaemon(true);
    writer.start();
    retention.scheduleWithFixedDelay(
        this::purgeQuietly, purgeMillis, purgeMillis, TimeUnit.MILLISECONDS);
  }

  private void purgeQuietly() {
    try {
      purgeExpired();
    } catch (RuntimeException e) {
      LOG.warn("history: removing expired readings failed, will retry: {}", e.toString());
    }
  }

  @Override
  public CompletableFuture<Void> record(
      DeviceId device, Instant observedAt, List<PropertyUpdate> readings, boolean immediate) {
    long t = observedAt.toEpochMilli();
    if (readings.isEmpty() || t < cutoff()) {
      return CompletableFuture.completedFuture(null); // older than what is kept
    }
    String thingId = device.thingId();
    CompletableFuture<Void> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (closing) {
        done.completeExceptionally(new IllegalStateException("history is closing"));
        return done;
      }
      if (!immediate && pending.size() + readings.size() > config.maxBufferedReadings()) {
        dropped.add(readings.size());
        return CompletableFuture.completedFuture(null);
      }
      if (pending.isEmpty()) {
        oldestPending = System.nanoTime();
        changed.signal();
      }
      for (PropertyUpdate u : readings) {
        pending.add(new Reading(thingId, u.featureId() + '/' + u.path(), t, storable(u.value())));
      }
      waiters.add(done);
      if (immediate && !urgent) {
        urgent = true;
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
    return done;
  }

  /**
   * Readings of one property in {@code [from, to)}, oldest first, at most {@code limit}.
   *
   * @param pointer the property, {@code /features/<featureId>/properties/<path>}
   * @throws HistoryQueryException when the pointer is not a property's or the range holds more
   *     readings than a query may read
   */
  public List<HistoryPoint> points(
      String thingId, String pointer, Instant from, Instant to, int limit) {
    if (limit < 1) {
      throw new HistoryQueryException("limit must be positive");
    }
    Series series = read(thingId, key(pointer), from, to, limit);
    List<HistoryPoint> result = new ArrayList<>(Math.min(limit, series.size));
    for (int i = 0; i < series.size && result.size() < limit; i++) {
      result.add(new HistoryPoint(Instant.ofEpochMilli(series.t[i]), series.v[i]));
    }
    return result;
  }

  /**
   * Numeric readings of one property in {@code [from, to)} summarised per step; steps start at
   * multiples of {@code step} since the epoch, and steps without readings are left out.
   *
   * @throws HistoryQueryException when the property's readings in the range are not numbers, the
   *     step is not positive or splits the range into too many steps
   */
  public List<HistoryBucket> buckets(
      String thingId, String pointer, Instant from, Instant to, Duration step) {
    long stepMillis = step.toMillis();
    if (stepMillis < 1) {
      throw new HistoryQueryException("step must be at least one millisecond");
    }
    long span = Duration.between(from, to).toMillis();
    if (span / stepMillis > MAX_STEPS) {
      throw new HistoryQueryException(
          "step " + step + " splits the range into more than " + MAX_STEPS + " steps");
    }
    String key = key(pointer);
    Series series = read(thingId, key, from, to, Integer.MAX_VALUE);
    List<HistoryBucket> result = new ArrayList<>();
    long start = 0;
    double min = 0;
    double max = 0;
    double sum = 0;
    long count = 0;
    for (int i = 0; i < series.size; i++) {
      if (!(series.v[i] instanceof Number n)) {
        throw new HistoryQueryException(
            "the readings of " + pointer + " are not numeric; query them without a step");
      }
      double value = n.doubleValue();
      long bucket = Math.floorDiv(series.t[i], stepMillis) * stepMillis;
      if (count > 0 && bucket != start) {
        result.add(new HistoryBucket(Instant.ofEpochMilli(start), min, max, sum / count, count));
        count = 0;
      }
      if (count == 0) {
        start = bucket;
        min = value;
        max = value;
        sum = 0;
      }
      min = Math.min(min, value);
      max = Math.max(max, value);
      sum += value;
      count++;
    }
    if (count > 0) {
      result.add(new HistoryBucket(Instant.ofEpochMilli(start), min, max, sum / count, count));
    }
    return result;
  }

  /** Deletes buckets whose readings are all older than the retention; runs regularly. */
  public long purgeExpired() {
    long deleted = chunks.deleteMany(Filters.lt("e", new Date(cutoff()))).getDeletedCount();
    if (deleted > 0) {
      afterWrite.run();
      LOG.debug("history: removed {} expired chunks", deleted);
    }
    return deleted;
  }

  /** Readings waiting to be written. */
  public int backlog() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Readings written since start. */
  public long written() {
    lock.lock();
    try {
      return written;
    } finally {
      lock.unlock();
    }
  }

  /** Readings dropped because the buffer was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Whether {@code pointer} names a twin property, as queries expect it. */
  public static boolean isPropertyPointer(String pointer) {
    return pointer != null && POINTER.matcher(pointer).matches();
  }

  private static String key(String pointer) {
    Matcher m = pointer == null ? null : POINTER.matcher(pointer);
    if (m == null || !m.matches()) {
      throw new HistoryQueryException(
          "path must point at a feature property, /features/<featureId>/properties/<path>, got: "
              + pointer);
    }
    return m.group(1) + '/' + m.group(2);
  }

  private long cutoff() {
    return clock.millis() - config.retention().toMillis();
  }

  /** Readings of one series, sorted by time, repeats removed. */
  private static final class Series {
    long[] t = new long[64];
    Object[] v = new Object[64];
    int size;

    void add(long time, Object value, int max) {
      if (size == max) {
        throw new HistoryQueryException(
            "the range holds more than " + max + " readings; narrow it or use a coarser step");
      }
      if (size == t.length) {
        t = Arrays.copyOf(t, size * 2);
        v = Arrays.copyOf(v, size * 2);
      }
      t[size] = time;
      v[size] = value;
      size++;
    }

    void sortAndDedupe() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
      long[] ts = new long[size];
      Object[] vs = new Object[size];
      int n = 0;
      for (int i : order) {
        if (n > 0 && ts[n - 1] == t[i] && vs[n - 1].equals(v[i])) {
          continue;
        }
        ts[n] = t[i];
        vs[n] = v[i];
        n++;
      }
      t = ts;
      v = vs;
      size = n;
    }
  }

  /**
   * The readings in {@code [from, to)}, buckets read in time order; stops after the bucket in which
   * {@code enough} readings were reached, since later buckets hold only later readings.
   */
  private Series read(String thingId, String key, Instant from, Instant to, int enough) {
    long fromMs = Math.max(from.toEpochMilli(), cutoff());
    long toMs = to.toEpochMilli();
    Series series = new Series();
    if (fromMs >= toMs) {
      return series;
    }
    int max = config.maxQueryReadings();
    List<Reading> buffered = new ArrayList<>();
    lock.lock();
    try {
      for (List<Reading> readings : List.of(inflight, pending)) {
        for (Reading r : readings) {
          if (r.t >= fromMs && r.t < toMs && r.key.equals(key) && r.thingId.equals(thingId)) {
            buffered.add(r);
          }
        }
      }
    } finally {
      lock.unlock();
    }
    String field = "s." + key;
    long first = Math.floorDiv(fromMs, bucketMillis) * bucketMillis;
    for (long start = first; start < toMs; start += LOOKUP_BATCH * bucketMillis) {
      long end = Math.min(toMs, start + LOOKUP_BATCH * bucketMillis);
      List<String> ids = new ArrayList<>(LOOKUP_BATCH);
      for (long b = start; b < end; b += bucketMillis) {
        ids.add(id(thingId, b));
      }
      for (Document doc :
          chunks.find(Filters.in("_id", ids)).projection(Projections.include(field))) {
        Document s = doc.get("s", Document.class);
        Document values = s == null ? null : s.get(key, Document.class);
        if (values == null) {
          continue;
        }
        List<?> times = values.get("t", List.class);
        List<?> vs = values.get("v", List.class);
        for (int i = 0; i < times.size() && i < vs.size(); i++) {
          long time = ((Number) times.get(i)).longValue();
          if (time >= fromMs && time < toMs && vs.get(i) != null) {
            series.add(time, vs.get(i), max);
          }
        }
      }
      for (Reading r : buffered) {
        if (r.t >= start && r.t < end) {
          series.add(r.t, r.value, max);
        }
      }
      if (series.size >= enough) {
        break;
      }
    }
    series.sortAndDedupe();
    return series;
  }

  /**
   * A bucket's {@code _id}: {@code <thingId>/<bucket start in epoch millis>}. A string, because the
   * embedded store does not find documents again by a document-valued {@code _id} (its upserts then
   * fail with duplicate keys); unique even if a thing id held a slash, as the suffix is a number.
   */
  private static String id(String thingId, long bucket) {
    return thingId + '/' + bucket;
  }

  private static Object storable(Object value) {
    if (value instanceof Double || value instanceof Integer || value instanceof Long) {
      return value;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return value;
  }

  private void run() {
    while (true) {
      List<Reading> batch;
      List<CompletableFuture<Void>> done;
      lock.lock();
      try {
        while (!closing && !urgent) {
          long waited = System.nanoTime() - oldestPending;
          if (!pending.isEmpty() && waited >= flushNanos) {
            break;
          }
          try {
            if (pending.isEmpty()) {
              changed.await();
            } else {
              changed.awaitNanos(flushNanos - waited);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (closing && pending.isEmpty()) {
          return;
        }
        batch = pending;
        done = waiters;
        inflight = batch;
        pending = new ArrayList<>();
        waiters = new ArrayList<>();
        urgent = false;
      } finally {
        lock.unlock();
      }
      if (!batch.isEmpty()) {
        writeWithRetry(batch);
        lock.lock();
        try {
          written += batch.size();
          inflight = List.of();
        } finally {
          lock.unlock();
        }
      }
      done.forEach(f -> f.complete(null));
    }
  }

  private void writeWithRetry(List<Reading> batch) {
    List<WriteModel<Document>> writes = appends(batch);
    while (true) {
      try {
        chunks.bulkWrite(writes, UNORDERED);
        afterWrite.run();
        return;
      } catch (RuntimeException e) {
        // a retry may append again what had landed: queries drop such repeats
        LOG.warn(
            "history: bulk write of {} buckets failed, retrying: {}", writes.size(), e.toString());
        try {
          TimeUnit.MILLISECONDS.sleep(config.retryBackoff().toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** One upsert per (twin, bucket) in the batch, appending each property's times and values. */
  private List<WriteModel<Document>> appends(List<Reading> batch) {
    Map<String, Map<String, List<Reading>>> byBucket = new LinkedHashMap<>();
    for (Reading r : batch) {
      byBucket
          .computeIfAbsent(
              id(r.thingId, Math.floorDiv(r.t, bucketMillis) * bucketMillis),
              k -> new LinkedHashMap<>())
          .computeIfAbsent(r.key, k -> new ArrayList<>())
          .add(r);
    }
    List<WriteModel<Document>> writes = new ArrayList<>(byBucket.size());
    for (Map.Entry<String, Map<String, List<Reading>>> bucket : byBucket.entrySet()) {
      List<Bson> updates = new ArrayList<>();
      long end = Long.MIN_VALUE;
      for (Map.Entry<String, List<Reading>> e : bucket.getValue().entrySet()) {
        List<Long> times = new ArrayList<>(e.getValue().size());
        List<Object> values = new ArrayList<>(e.getValue().size());
        for (Reading r : e.getValue()) {
          times.add(r.t);
          values.add(r.value);
          end = Math.max(end, r.t);
        }
        updates.add(Updates.pushEach("s." + e.getKey() + ".t", times));
        updates.add(Updates.pushEach("s." + e.getKey() + ".v", values));
      }
      updates.add(Updates.max("e", new Date(end)));
      writes.add(
          new UpdateOneModel<>(
              Filters.eq("_id", bucket.getKey()), Updates.combine(updates), UPSERT));
    }
    return writes;
  }

  /** Writes what is buffered and stops the writer. */
  @Override
  public void close() {
    retention.shutdownNow();
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (writer != null) {
      try {
        writer.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
