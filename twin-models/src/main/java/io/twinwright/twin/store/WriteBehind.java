package io.twinwright.twin.store;

import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.TwinRepository.StoredTwin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes twins to the repository from one named thread, in bulk, coalescing repeated changes of one
 * twin into a single write of its latest state. Each caller gets a future that completes once the
 * state it produced (or a later one) is durable; a failed bulk write is retried, never dropped.
 *
 * <p>Two kinds of write: an <em>immediate</em> one (somebody waits for it: a QoS 1 device, an API
 * client) wakes the writer at once; a <em>deferred</em> one (QoS 0 telemetry) may wait up to the
 * deferral window, so that a twin reporting many times in the window is written once. The twin's
 * JSON is produced on the writer thread, only for the state actually written.
 */
public final class WriteBehind implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);

  private static final class Pending {
    final String thingId;
    long revision;
    // null: the twin was deleted
    Supplier<String> json;
    boolean immediate;
    final List<CompletableFuture<Void>> waiters = new ArrayList<>(2);

    Pending(String thingId, long revision, Supplier<String> json) {
      this.thingId = thingId;
      this.revision = revision;
      this.json = json;
    }
  }

  private final TwinRepository repository;
  private final int maxBatch;
  private final Duration retryBackoff;
  private final long deferNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private boolean urgent;
  private long oldestDeferred;
  private boolean closing;
  private long written;
  private final Thread writer;

  /**
   * @param deferWindow how long a deferred write may wait to be coalesced with later ones
   */
  public WriteBehind(
      TwinRepository repository, int maxBatch, Duration retryBackoff, Duration deferWindow) {
    this.repository = repository;
    this.maxBatch = maxBatch;
    this.retryBackoff = retryBackoff;
    this.deferNanos = deferWindow.toNanos();
    this.writer = new Thread(this::run, "twin-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Queues the twin's latest state.
   *
   * @param json produces the twin's stored JSON; called later, on the writer thread
   * @param immediate whether to write without waiting for the deferral window
   * @return completes when this state (or a later one) is durable
   */
  public CompletableFuture<Void> write(
      String thingId, long revision, Supplier<String> json, boolean immediate) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (closing) {
        done.completeExceptionally(new IllegalStateException("twin store is closing"));
        return done;
      }
      Pending p = pending.get(thingId);
      if (p == null) {
        if (pending.isEmpty()) {
          oldestDeferred = System.nanoTime();
        }
        p = new Pending(thingId, revision, json);
        pending.put(thingId, p);
      } else if (revision >= p.revision || json == null || p.json == null) {
        // A deletion always supersedes what is queued, and a twin created again after a queued
        // deletion replaces it, whatever revision it starts at.
        p.revision = revision;
        p.json = json;
      }
      p.waiters.add(done);
      p.immediate |= immediate;
      if (immediate && !urgent) {
        urgent = true;
        changed.signal();
      } else if (pending.size() == 1) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
    return done;
  }

  /**
   * Queues the removal of a twin; supersedes any queued state of it. Written at once.
   *
   * @return completes when the removal is durable
   */
  public CompletableFuture<Void> delete(String thingId, long revision) {
    return write(thingId, revision, null, true);
  }

  /** Number of twins waiting to be written. */
  public int backlog() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Twins written since start. */
  public long written() {
    lock.lock();
    try {
      return written;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      List<Pending> batch = takeBatch();
      if (batch == null) {
        return;
      }
      writeWithRetry(batch);
    }
  }

  private List<Pending> takeBatch() {
    lock.lock();
    try {
      while (true) {
        if (pending.isEmpty()) {
          if (closing) {
            return null;
          }
          changed.awaitUninterruptibly();
          continue;
        }
        long waited = System.nanoTime() - oldestDeferred;
        if (urgent || closing || waited >= deferNanos || pending.size() >= maxBatch) {
          break;
        }
        try {
          changed.awaitNanos(deferNanos - waited);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<Pending> batch = new ArrayList<>(Math.min(pending.size(), maxBatch));
      Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
      while (it.hasNext() && batch.size() < maxBatch) {
        batch.add(it.next().getValue());
        it.remove();
      }
      urgent = false;
      for (Pending p : pending.values()) {
        if (p.immediate) {
          // whatever is left may hold waiters of immediate writes: keep going without pause
          urgent = true;
          break;
        }
      }
      oldestDeferred = System.nanoTime();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void writeWithRetry(List<Pending> batch) {
    List<StoredTwin> twins = new ArrayList<>(batch.size());
    List<String> deletions = new ArrayList<>();
    for (Pending p : batch) {
      if (p.json == null) {
        deletions.add(p.thingId);
      } else {
        twins.add(new StoredTwin(p.thingId, p.revision, p.json.get()));
      }
    }
    while (true) {
      try {
        repository.upsertAll(twins);
        // deletions after upserts: one twin is in at most one of the two lists
        for (String id : deletions) {
          repository.delete(id);
        }
        deletions.clear();
        break;
      } catch (RuntimeException e) {
        LOG.warn("bulk write of {} twins failed, retrying: {}", twins.size(), e.toString());
        try {
          TimeUnit.MILLISECONDS.sleep(retryBackoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
    lock.lock();
    try {
      written += batch.size();
    } finally {
      lock.unlock();
    }
    for (Pending p : batch) {
      for (CompletableFuture<Void> waiter : p.waiters) {
        waiter.complete(null);
      }
    }
  }

  /** Writes everything still queued, then stops the writer thread. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writer.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
