package io.twinwright.adapters.command;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable command outbox: every command is stored (collection {@value #COLLECTION}) and
 * committed before the sender hears it was accepted, handed to the device's live consumer one at a
 * time in the order it was sent, and removed only once the consumer reports it delivered. Commands
 * of a device that is not connected wait until it subscribes (MQTT) or asks with {@code hono-ttd}
 * (HTTP, CoAP), or until they expire. A restart reloads what is still pending.
 *
 * <p>Request/response commands also register a waiter: the device's answer, passed in through
 * {@link #respond}, completes the sender's future; without an answer in time it fails with 408. A
 * waiter lives in memory only, so a command delivered after a restart can no longer be answered:
 * its response is refused like any other for an unknown request.
 *
 * <p>Delivery is at least once: a removal is not forced to disk, so a command delivered just before
 * a crash may be delivered again after the restart.
 *
 * <p>Thread-safe; every method may be called from an event loop. MongoDB calls run on the {@value
 * #WORKER_POOL} worker pool. Call {@link #start()} once before use.
 */
public final class CommandService implements CommandGateway {

  public static final String COLLECTION = "outbox";
  public static final String WORKER_POOL = "commands";

  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
  private static final int WORKERS = 2;
  private static final long SWEEP_MILLIS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor worker;
  private final MongoCollection<Document> store;
  private final Runnable commit;
  private final Clock clock;
  private final Duration defaultTtl;
  private final AtomicLong nextId = new AtomicLong(1);

  private final Object lock = new Object();
  private final Map<DeviceId, Queue> queues = new HashMap<>(); // guarded by lock
  private final Map<String, Waiter> waiters = new HashMap<>(); // guarded by lock
  private long sweepTimer = -1;
  private Future<Void> lastStore = Future.succeededFuture(); // guarded by lock
  private final Set<Future<?>> writes = new HashSet<>(); // removals under way, guarded by lock

  /**
   * @param database where the outbox collection lives
   * @param commit the store's durability barrier: after it returns, every write so far survives a
   *     crash
   * @param defaultTtl how long a one-way command waits for its device unless the sender says
   */
  public CommandService(
      Vertx vertx, MongoDatabase database, Runnable commit, Clock clock, Duration defaultTtl) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(database, "database").getCollection(COLLECTION);
    this.commit = Objects.requireNonNull(commit, "commit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultTtl = positive(Objects.requireNonNull(defaultTtl, "defaultTtl"), "defaultTtl");
    this.context = vertx.getOrCreateContext();
    this.worker = vertx.createSharedWorkerExecutor(WORKER_POOL, WORKERS);
  }

  /**
   * Loads the pending commands, drops those that expired meanwhile, and starts the expiry sweep.
   */
  public Future<Void> start() {
    return this.<Void>blocking(
            () -> {
              Instant now = clock.instant();
              List<Long> expired = new ArrayList<>();
              long maxId = 0;
              int loaded = 0;
              for (Document doc : store.find().sort(Sorts.ascending("_id"))) {
                Command command = fromDocument(doc);
                maxId = Math.max(maxId, command.id());
                if (!command.expires().isAfter(now)) {
                  expired.add(command.id());
                  continue;
                }
                synchronized (lock) {
                  queues.computeIfAbsent(command.device(), d -> new Queue()).add(command);
                }
                loaded++;
              }
              nextId.set(maxId + 1);
              if (!expired.isEmpty()) {
                store.deleteMany(Filters.in("_id", expired));
              }
              LOG.info(
                  "command outbox loaded {} pending, dropped {} expired", loaded, expired.size());
              return null;
            })
        .onSuccess(
            ignored -> {
              synchronized (lock) {
                sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
              }
            })
        .recover(
            e ->
                Future.failedFuture(
                    new CommandException(
                        CommandException.UNAVAILABLE,
                        "cannot load the command outbox: " + e.getMessage(),
                        e)));
  }

  /** Stops the sweep, fails every waiting request and releases the worker pool. */
  public Future<Void> close() {
    List<Waiter> pending;
    synchronized (lock) {
      if (sweepTimer >= 0) {
        vertx.cancelTimer(sweepTimer);
        sweepTimer = -1;
      }
      pending = new ArrayList<>(waiters.values());
      waiters.clear();
    }
    pending.forEach(
        w -> {
          vertx.cancelTimer(w.timer);
          w.promise.tryFail(
              new CommandException(CommandException.UNAVAILABLE, "the platform is shutting down"));
        });
    List<Future<?>> unfinished;
    synchronized (lock) {
      unfinished = new ArrayList<>(writes);
      unfinished.add(lastStore);
    }
    // let stores and removals already under way finish rather than interrupt them
    return Future.join(unfinished).transform(ignored -> worker.close());
  }

  // ---- the sending side

  /**
   * Sends a one-way command. Completes with the stored command once it is durable in the outbox;
   * delivery follows as soon as the device can take it.
   *
   * @param ttl how long the command waits for the device; empty for the configured default
   */
  public Future<Command> send(
      DeviceId device, String name, String contentType, byte[] payload, Optional<Duration> ttl) {
    Duration wait;
    try {
      wait = positive(ttl.orElse(defaultTtl), "ttl");
    } catch (IllegalArgumentException | NullPointerException e) {
      return Future.failedFuture(new CommandException(CommandException.INVALID, e.getMessage()));
    }
    return enqueue(id -> command(id, device, name, Optional.empty(), contentType, payload, wait));
  }

  /**
   * Sends a request/response command and completes with the device's answer. Fails with 408 when
   * the device neither took the command nor answered within {@code timeout}; the command is dropped
   * from the outbox at that moment too, since nobody would read its answer.
   */
  public Future<CommandResponse> request(
      DeviceId device, String name, String contentType, byte[] payload, Duration timeout) {
    String requestId = UUID.randomUUID().toString();
    LongFunction<Command> command;
    try {
      Duration wait = positive(timeout, "timeout");
      command = id -> command(id, device, name, Optional.of(requestId), contentType, payload, wait);
      command.apply(0); // validates before anything waits
    } catch (IllegalArgumentException | NullPointerException e) {
      return Future.failedFuture(new CommandException(CommandException.INVALID, e.getMessage()));
    }
    Promise<CommandResponse> answer = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, timeout.toMillis()),
            id -> {
              Waiter gone;
              List<Long> dropped = new ArrayList<>();
              synchronized (lock) {
                gone = waiters.remove(requestId);
                Queue q = queues.get(device);
                if (q != null) {
                  dropped.addAll(q.drop(c -> c.requestId().equals(Optional.of(requestId))));
                  forgetIfIdle(device, q);
                }
              }
              remove(dropped);
              if (gone != null) {
                gone.promise.tryFail(
                    new CommandException(
                        CommandException.TIMEOUT,
                        "device " + device + " did not answer command '" + name + "' in time"));
              }
            });
    synchronized (lock) {
      waiters.put(requestId, new Waiter(device, answer, timer));
    }
    enqueue(command)
        .onFailure(
            e -> {
              synchronized (lock) {
                waiters.remove(requestId);
              }
              vertx.cancelTimer(timer);
              answer.tryFail(e);
            });
    return answer.future();
  }

  /** Commands waiting in the outbox for the device (including one being delivered). */
  public int pending(DeviceId device) {
    synchronized (lock) {
      Queue q = queues.get(device);
      return q == null ? 0 : q.pending.size();
    }
  }

  /** Commands of this name waiting in the outbox for the device (including one being delivered). */
  public int pending(DeviceId device, String name) {
    synchronized (lock) {
      Queue q = queues.get(device);
      return q == null
          ? 0
          : (int) q.pending.values().stream().filter(c -> c.name().equals(name)).count();
    }
  }

  /**
   * Takes back the device's pending commands of this name that are not being delivered, for a
   * sender whose newer command supersedes them.
   *
   * @return how many were withdrawn
   */
  public int withdraw(DeviceId device, String name) {
    List<Long> dropped;
    synchronized (lock) {
      Queue q = queues.get(device);
      if (q == null) {
        return 0;
      }
      dropped = q.drop(c -> c.name().equals(name));
      forgetIfIdle(device, q);
    }
    remove(dropped);
    return dropped.size();
  }

  /** Commands waiting in the outbox, over all devices. */
  public int pending() {
    synchronized (lock) {
      return queues.values().stream().mapToInt(q -> q.pending.size()).sum();
    }
  }

  /** Request/response commands whose sender still waits for the answer. */
  public int waitingRequests() {
    synchronized (lock) {
      return waiters.size();
    }
  }

  // ---- the adapters' side

  @Override
  public Registration subscribe(DeviceId device, CommandConsumer consumer, boolean once) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(consumer, "consumer");
    Subscriber subscriber = new Subscriber(consumer, once);
    synchronized (lock) {
      queues.computeIfAbsent(device, d -> new Queue()).subscribers.addLast(subscriber);
    }
    pump(device);
    return () -> {
      synchronized (lock) {
        Queue q = queues.get(device);
        if (q != null) {
          q.subscribers.remove(subscriber);
          forgetIfIdle(device, q);
        }
      }
    };
  }

  @Override
  public Future<Void> respond(CommandResponse response) {
    Objects.requireNonNull(response, "response");
    Waiter waiter;
    synchronized (lock) {
      waiter = waiters.get(response.requestId());
      // a device answers only for its own commands: another one (even of the same tenant) is told
      // nothing more than that no such request waits
      if (waiter == null || !waiter.device.equals(response.device())) {
        waiter = null;
      } else {
        waiters.remove(response.requestId());
      }
    }
    if (waiter == null) {
      return Future.failedFuture(
          new CommandException(
              CommandException.NO_SUCH_REQUEST,
              "no command request " + response.requestId() + " waits for an answer"));
    }
    vertx.cancelTimer(waiter.timer);
    waiter.promise.tryComplete(response);
    return Future.succeededFuture();
  }

  // ---- internals

  private Command command(
      long id,
      DeviceId device,
      String name,
      Optional<String> requestId,
      String contentType,
      byte[] payload,
      Duration wait) {
    return new Command(
        id, device, name, requestId, contentType, payload.clone(), clock.instant().plus(wait));
  }

  /**
   * Stores the command, makes it durable, then queues it for delivery. Ids are drawn and stores
   * chained under one lock, so a device's commands reach its queue in the order they were sent.
   */
  private Future<Command> enqueue(LongFunction<Command> create) {
    Command command;
    Future<Void> stored;
    synchronized (lock) {
      try {
        command = create.apply(nextId.getAndIncrement());
      } catch (IllegalArgumentException | NullPointerException e) {
        return Future.failedFuture(new CommandException(CommandException.INVALID, e.getMessage()));
      }
      Document doc = toDocument(command);
      stored =
          lastStore.transform(
              ignored ->
                  this.<Void>blocking(
                      () -> {
                        store.insertOne(doc);
                        commit.run();
                        return null;
                      }));
      lastStore = stored;
    }
    return stored
        .recover(
            e -> {
              LOG.warn("cannot store command for {}: {}", command.device(), e.toString());
              return Future.failedFuture(
                  new CommandException(
                      CommandException.UNAVAILABLE, "the command outbox is unavailable", e));
            })
        .map(
            ignored -> {
              synchronized (lock) {
                queues.computeIfAbsent(command.device(), d -> new Queue()).add(command);
              }
              pump(command.device());
              return command;
            });
  }

  /** Hands the device's oldest pending command to its newest consumer, if both exist. */
  private void pump(DeviceId device) {
    Queue q;
    Command next;
    Subscriber subscriber;
    List<Long> expired;
    synchronized (lock) {
      q = queues.get(device);
      if (q == null || q.inFlight != null) {
        return;
      }
      expired = q.dropExpired(clock.instant());
      if (q.pending.isEmpty() || q.subscribers.isEmpty()) {
        forgetIfIdle(device, q);
        next = null;
        subscriber = null;
      } else {
        next = q.pending.firstEntry().getValue();
        subscriber = q.subscribers.peekLast();
        if (subscriber.once) {
          q.subscribers.remove(subscriber);
        }
        q.inFlight = next;
      }
    }
    remove(expired);
    if (next == null) {
      return;
    }
    Future<Void> delivered;
    try {
      delivered = Objects.requireNonNull(subscriber.consumer.deliver(next), "deliver gave null");
    } catch (RuntimeException e) {
      delivered = Future.failedFuture(e);
    }
    Queue queue = q;
    delivered.onComplete(
        outcome -> {
          synchronized (lock) {
            queue.inFlight = null;
            if (outcome.succeeded()) {
              queue.pending.remove(next.id());
            } else {
              // a consumer that could not deliver (connection gone) gets nothing more; the device
              // gets the command when it subscribes again
              queue.subscribers.remove(subscriber);
            }
          }
          if (outcome.succeeded()) {
            remove(List.of(next.id()));
          } else {
            LOG.debug(
                "command {} for {} not delivered: {}",
                next.id(),
                device,
                outcome.cause().toString());
          }
          // on the service's context, so a long backlog is not delivered by deep recursion
          context.runOnContext(ignored -> pump(device));
        });
  }

  private void sweep() {
    List<DeviceId> devices;
    synchronized (lock) {
      devices = new ArrayList<>(queues.keySet());
    }
    devices.forEach(this::pump);
  }

  /** Removes a device's queue once nothing is pending, in flight or subscribed. */
  private void forgetIfIdle(DeviceId device, Queue q) {
    if (q.pending.isEmpty() && q.subscribers.isEmpty() && q.inFlight == null) {
      queues.remove(device, q);
    }
  }

  private void remove(List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    Future<Void> removed =
        this.<Void>blocking(
            () -> {
              store.deleteMany(Filters.in("_id", ids));
              return null;
            });
    synchronized (lock) {
      writes.add(removed);
    }
    removed.onComplete(
        outcome -> {
          synchronized (lock) {
            writes.remove(removed);
          }
          if (outcome.failed()) {
            LOG.warn(
                "cannot remove commands {} from the outbox: {}", ids, outcome.cause().toString());
          }
        });
  }

  private <T> Future<T> blocking(Callable<T> task) {
    return worker.executeBlocking(task, false);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }

  private static Document toDocument(Command c) {
    Document doc =
        new Document("_id", c.id())
            .append("device", c.device().thingId())
            .append("name", c.name())
            .append("contentType", c.contentType())
            .append("payload", new Binary(c.payload()))
            .append("expires", Date.from(c.expires()));
    c.requestId().ifPresent(r -> doc.append("requestId", r));
    return doc;
  }

  private static Command fromDocument(Document doc) {
    return new Command(
        ((Number) doc.get("_id")).longValue(),
        DeviceId.ofThingId(doc.getString("device")),
        doc.getString("name"),
        Optional.ofNullable(doc.getString("requestId")),
        doc.getString("contentType"),
        doc.get("payload", Binary.class).getData(),
        doc.getDate("expires").toInstant());
  }

  /** One device's pending commands (by id, so in sending order) and live consumers. */
  private static final class Queue {
    final TreeMap<Long, Command> pending = new TreeMap<>();
    final Deque<Subscriber> subscribers = new ArrayDeque<>();
    Command inFlight;

    void add(Command command) {
      pending.put(command.id(), command);
    }

    List<Long> dropExpired(Instant now) {
      return drop(c -> !c.expires().isAfter(now));
    }

    /** Removes the matching pending commands, except one being delivered; returns their ids. */
    List<Long> drop(Predicate<Command> which) {
      List<Long> dropped = new ArrayList<>();
      for (Iterator<Command> it = pending.values().iterator(); it.hasNext(); ) {
        Command c = it.next();
        if (c != inFlight && which.test(c)) {
          it.remove();
          dropped.add(c.id());
        }
      }
      return dropped;
    }
  }

  /** Identity matters: the same consumer may subscribe twice and be cancelled once. */
  private static final class Subscriber {
    final CommandConsumer consumer;
    final boolean once;

    Subscriber(CommandConsumer consumer, boolean once) {
      this.consumer = consumer;
      this.once = once;
    }
  }

  private record Waiter(DeviceId device, Promise<CommandResponse> promise, long timer) {}
}
