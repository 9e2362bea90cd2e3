package io.twinwright.twin.history;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.HistorySink;
import io.twinwright.twin.PropertyUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * within the flush interval. Each bulk write inserts one document per twin and hour touched,
 * holding for each property the times and values recorded in that write ({@code {th, b, e, s:
 * {"<feature>/<path>": {t: [...], v: [...]}}}}). Documents are only ever inserted, never grown: the
 * embedded store rewrites a whole document on every update, so appending to an hour-long document
 * per property would cost more with every reading of the hour.
 *
 * <p>Guarantees: {@link #record} completes once its readings are durable (written and {@code
 * afterWrite} run, which commits the embedded store), so a device acknowledged after its twin
 * change and history are durable never loses either. A reading delivered twice (a device resending
 * after a lost acknowledgement) is stored twice but answered once: queries drop repeats of the same
 * time and value. When the buffer is full, readings nobody waits for are dropped and counted rather
 * than slowing the telemetry path. Queries see readings still in memory, too.
 */
public final class PropertyHistory implements HistorySink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PropertyHistory.class);

  /** The collection the history is kept in. */
  public static final String COLLECTION = "history";

  private static final long BUCKET_MILLIS = Duration.ofHours(1).toMillis();
  private static final int MAX_STEPS = 100_000;
  private static final Pattern POINTER =
      Pattern.compile(
          "/?features/([A-Za-z0-9_-]+)/properties/([A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*)");

  private record Reading(String thingId, String key, long t, Object value) {}

  private final MongoCollection<Document> chunks;
  private final Runnable afterWrite;
  private final HistoryConfig config;
  private final Clock clock;
  private final long flushNanos;
  private final long purgeNanos;
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
    long purge = config.retention().dividedBy(20).toNanos();
    this.purgeNanos =
        Math.max(TimeUnit.SECONDS.toNanos(1), Math.min(purge, TimeUnit.MINUTES.toNanos(10)));
  }

  /** Creates the indexes and starts the writer. Blocking: call at startup. */
  public void start() {
    chunks.createIndex(Indexes.ascending("th", "b"), new IndexOptions().name("thing_bucket"));
    chunks.createIndex(Indexes.ascending("e"), new IndexOptions().name("end"));
    writer = new Thread(this::run, "history-writer");
    writer.setDaemon(true);
    writer.start();
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
    Series series = read(thingId, key(pointer), from, to);
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
    Series series = read(thingId, key, from, to);
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

  /** Deletes readings older than the retention; runs on the writer thread regularly. */
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

  private Series read(String thingId, String key, Instant from, Instant to) {
    long fromMs = Math.max(from.toEpochMilli(), cutoff());
    long toMs = to.toEpochMilli();
    Series series = new Series();
    if (fromMs >= toMs) {
      return series;
    }
    int max = config.maxQueryReadings();
    lock.lock();
    try {
      for (List<Reading> readings : List.of(inflight, pending)) {
        for (Reading r : readings) {
          if (r.t >= fromMs && r.t < toMs && r.key.equals(key) && r.thingId.equals(thingId)) {
            series.add(r.t, r.value, max);
          }
        }
      }
    } finally {
      lock.unlock();
    }
    String field = "s." + key;
    Bson filter =
        Filters.and(
            Filters.eq("th", thingId),
            Filters.gte("b", new Date(Math.floorDiv(fromMs, BUCKET_MILLIS) * BUCKET_MILLIS)),
            Filters.lt("b", new Date(toMs)),
            Filters.exists(field));
    for (Document doc :
        chunks.find(filter).projection(Projections.include(field)).batchSize(1_000)) {
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
    series.sortAndDedupe();
    return series;
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
    long lastPurge = System.nanoTime();
    while (true) {
      List<Reading> batch;
      List<CompletableFuture<Void>> done;
      lock.lock();
      try {
        while (true) {
          long now = System.nanoTime();
          if (closing || urgent || (!pending.isEmpty() && now - oldestPending >= flushNanos)) {
            break;
          }
          if (now - lastPurge >= purgeNanos) {
            break;
          }
          long wait = purgeNanos - (now - lastPurge);
          if (!pending.isEmpty()) {
            wait = Math.min(wait, flushNanos - (now - oldestPending));
          }
          try {
            changed.awaitNanos(wait);
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
      if (System.nanoTime() - lastPurge >= purgeNanos) {
        lastPurge = System.nanoTime();
        try {
          purgeExpired();
        } catch (RuntimeException e) {
          LOG.warn("history: removing expired readings failed, will retry: {}", e.toString());
        }
      }
    }
  }

  private void writeWithRetry(List<Reading> batch) {
    List<Document> docs = documents(batch);
    while (true) {
      try {
        chunks.insertMany(docs, new InsertManyOptions().ordered(false));
        afterWrite.run();
        return;
      } catch (com.mongodb.MongoBulkWriteException e) {
        if (e.getWriteErrors().stream().allMatch(w -> w.getCode() == 11000)) {
          afterWrite.run(); // a retried write whose first attempt had landed: nothing missing
          return;
        }
        retryLater(docs.size(), e);
      } catch (RuntimeException e) {
        retryLater(docs.size(), e);
      }
    }
  }

  private void retryLater(int size, RuntimeException e) {
    LOG.warn("history: bulk write of {} chunks failed, retrying: {}", size, e.toString());
    try {
      TimeUnit.MILLISECONDS.sleep(config.retryBackoff().toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /** One document per (twin, hour) in the batch, holding each property's times and values. */
  private static List<Document> documents(List<Reading> batch) {
    Map<String, Map<String, List<Reading>>> byChunk = new LinkedHashMap<>();
    for (Reading r : batch) {
      String chunk = r.thingId + '\u0000' + Math.floorDiv(r.t, BUCKET_MILLIS);
      byChunk
          .computeIfAbsent(chunk, k -> new HashMap<>())
          .computeIfAbsent(r.key, k -> new ArrayList<>())
          .add(r);
    }
    List<Document> docs = new ArrayList<>(byChunk.size());
    for (Map<String, List<Reading>> chunk : byChunk.values()) {
      Document series = new Document();
      String thingId = null;
      long bucket = 0;
      long end = Long.MIN_VALUE;
      for (Map.Entry<String, List<Reading>> e : chunk.entrySet()) {
        List<Long> times = new ArrayList<>(e.getValue().size());
        List<Object> values = new ArrayList<>(e.getValue().size());
        for (Reading r : e.getValue()) {
          times.add(r.t);
          values.add(r.value);
          thingId = r.thingId;
          bucket = Math.floorDiv(r.t, BUCKET_MILLIS) * BUCKET_MILLIS;
          end = Math.max(end, r.t);
        }
        series.append(e.getKey(), new Document("t", times).append("v", values));
      }
      // _id set here so that a retried insert cannot store the chunk twice
      docs.add(
          new Document("_id", new org.bson.types.ObjectId())
              .append("th", thingId)
              .append("b", new Date(bucket))
              .append("e", new Date(end))
              .append("s", series));
    }
    return docs;
  }

  /** Writes what is buffered and stops the writer. */
  @Override
  public void close() {
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
