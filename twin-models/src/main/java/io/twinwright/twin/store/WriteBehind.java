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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes twins to the repository from one named thread, in bulk, coalescing repeated changes of one
 * twin into a single write of its latest state. Each caller gets a future that completes once the
 * state it produced (or a later one) is durable; a failed bulk write is retried, never dropped.
 */
public final class WriteBehind implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);

  private record Pending(StoredTwin twin, List<CompletableFuture<Void>> waiters) {}

  private final TwinRepository repository;
  private final int maxBatch;
  private final Duration retryBackoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private boolean closing;
  private long written;
  private final Thread writer;

  public WriteBehind(TwinRepository repository, int maxBatch, Duration retryBackoff) {
    this.repository = repository;
    this.maxBatch = maxBatch;
    this.retryBackoff = retryBackoff;
    this.writer = new Thread(this::run, "twin-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues the twin's latest state; the future completes when it is durable. */
  public CompletableFuture<Void> write(StoredTwin twin) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (closing) {
        done.completeExceptionally(new IllegalStateException("twin store is closing"));
        return done;
      }
      Pending previous = pending.get(twin.thingId());
      if (previous == null) {
        List<CompletableFuture<Void>> waiters = new ArrayList<>(2);
        waiters.add(done);
        pending.put(twin.thingId(), new Pending(twin, waiters));
        changed.signal();
      } else {
        previous.waiters().add(done);
        if (twin.revision() >= previous.twin().revision()) {
          pending.put(twin.thingId(), new Pending(twin, previous.waiters()));
        }
      }
    } finally {
      lock.unlock();
    }
    return done;
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
      while (pending.isEmpty()) {
        if (closing) {
          return null;
        }
        changed.awaitUninterruptibly();
      }
      List<Pending> batch = new ArrayList<>(Math.min(pending.size(), maxBatch));
      Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
      while (it.hasNext() && batch.size() < maxBatch) {
        batch.add(it.next().getValue());
        it.remove();
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void writeWithRetry(List<Pending> batch) {
    List<StoredTwin> twins = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      twins.add(p.twin());
    }
    while (true) {
      try {
        repository.upsertAll(twins);
        break;
      } catch (RuntimeException e) {
        LOG.warn("bulk write of {} twins failed, retrying: {}", twins.size(), e.toString());
        try {
          Thread.sleep(retryBackoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
    lock.lock();
    try {
      written += twins.size();
    } finally {
      lock.unlock();
    }
    for (Pending p : batch) {
      for (CompletableFuture<Void> waiter : p.waiters()) {
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
