package io.twinwright.adapters;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Shared pieces of the adapter tests: an in-process MongoDB and recording ports. */
public final class Fixtures {

  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Fixtures() {}

  /** Test configuration: loopback, random ports, a small payload limit, cheap hashing. */
  public static AdapterConfig config() {
    return new AdapterConfig(
        "127.0.0.1",
        0,
        0,
        1024,
        AdapterConfig.DEFAULT_CONNECT_TIMEOUT_SECONDS,
        AdapterConfig.MIN_PASSWORD_HASH_ITERATIONS,
        2,
        AdapterConfig.DEFAULT_COMMAND_TTL,
        AdapterConfig.DEFAULT_MAX_TTD);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not succeed: " + e, e);
    }
  }

  public static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
    throw new AssertionError("future succeeded but a failure was expected");
  }

  /** mongo-java-server with the memory backend, and a driver client connected to it. */
  public static final class Mongo implements AutoCloseable {
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;

    public Mongo() {
      client = MongoClients.create(server.bindAndGetConnectionString());
    }

    public MongoDatabase database() {
      return client.getDatabase("twinwright");
    }

    @Override
    public void close() {
      client.close();
      server.shutdownNow();
    }
  }

  /**
   * A downstream that records what it is sent and answers with whatever the current reply function
   * says (success by default). With {@link #holdReplies()} it answers nothing until the test
   * completes the promise it took from {@link #pending}.
   */
  public static final class RecordingDownstream implements Downstream {
    public final BlockingQueue<DeviceMessage> received = new LinkedBlockingQueue<>();
    public final BlockingQueue<Promise<Void>> pending = new LinkedBlockingQueue<>();
    private volatile Function<DeviceMessage, Future<Void>> reply = m -> Future.succeededFuture();

    @Override
    public Future<Void> send(DeviceMessage message) {
      // reply first: a test that sees the message may change the reply for the next one
      Future<Void> answer = reply.apply(message);
      received.add(message);
      return answer;
    }

    public void holdReplies() {
      reply =
          m -> {
            Promise<Void> promise = Promise.promise();
            pending.add(promise);
            return promise.future();
          };
    }

    public void succeed() {
      reply = m -> Future.succeededFuture();
    }

    public void failWith(DownstreamException failure) {
      reply = m -> Future.failedFuture(failure);
    }

    public DeviceMessage next() throws InterruptedException {
      DeviceMessage message = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message arrived downstream");
      }
      return message;
    }

    public Promise<Void> nextPending() throws InterruptedException {
      Promise<Void> promise = pending.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (promise == null) {
        throw new AssertionError("no message waits downstream");
      }
      return promise;
    }
  }

  /** What a {@link RecordingListener} saw. */
  public record Seen(
      String kind, String tenantOrDevice, String authId, Optional<DeviceId> device) {}

  public static final class RecordingListener implements DeviceEventListener {
    public final BlockingQueue<Seen> events = new LinkedBlockingQueue<>();
    public final List<Seen> all = new CopyOnWriteArrayList<>();

    @Override
    public void authenticationFailed(
        TenantId tenant, String authId, Optional<DeviceId> device, String remote, Instant at) {
      record(new Seen("auth-failed", tenant.value(), authId, device));
    }

    @Override
    public void connected(DeviceId device, String protocol, String remote, Instant at) {
      record(new Seen("connected", device.thingId(), "", Optional.of(device)));
    }

    @Override
    public void disconnected(DeviceId device, String protocol, Instant at) {
      record(new Seen("disconnected", device.thingId(), "", Optional.of(device)));
    }

    @Override
    public void rateLimited(DeviceId device, String kind, Instant at) {
      record(new Seen("rate-limited", device.thingId(), kind, Optional.of(device)));
    }

    @Override
    public void commandReadiness(DeviceId device, String protocol, int ttd, Instant at) {
      record(new Seen("ttd", device.thingId(), String.valueOf(ttd), Optional.of(device)));
    }

    @Override
    public void provisioned(DeviceId device, Registration registration, String origin, Instant at) {
      record(new Seen("provisioned", device.thingId(), origin, Optional.of(device)));
    }

    private void record(Seen seen) {
      all.add(seen);
      events.add(seen);
    }

    /** Waits for the next event of the given kind, skipping others. */
    public Seen next(String kind) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        Seen seen = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (seen != null && seen.kind().equals(kind)) {
          return seen;
        }
      }
      throw new AssertionError("no " + kind + " event; saw " + all);
    }
  }
}
