package io.twinwright.platform.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinCondition;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DesiredStateReconcilerTest {
  private static final Duration RETRY = Duration.ofMinutes(5);
  private static final DeviceId DEVICE = DeviceId.of("acme", "d1");

  private final MovableClock clock = new MovableClock();
  private Vertx vertx;
  private MongoServer server;
  private MongoClient client;
  private CommandService commands;
  private TwinService twins;
  private DesiredStateReconciler reconciler;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = new MongoServer(new H2Backend(new MVStore.Builder().open()));
    client = MongoClients.create(server.bindAndGetConnectionString());
    commands =
        new CommandService(
            vertx, client.getDatabase("t"), () -> {}, Clock.systemUTC(), Duration.ofHours(1));
    await(commands.start());
    twins = new TwinService(TwinConfig.defaults(), new NoStore(), Clock.systemUTC());
    twins.start();
    twins
        .put(
            ThingId.of("acme:d1"),
            JsonPointer.empty(),
            JsonFactory.newObject("{\"features\":{\"cfg\":{\"properties\":{\"rate\":5}}}}"),
            TwinCondition.NONE)
        .get(5, TimeUnit.SECONDS);
    reconciler = new DesiredStateReconciler(vertx, twins, commands, clock, RETRY);
    await(reconciler.start());
  }

  @AfterEach
  void stop() throws Exception {
    reconciler.close();
    twins.close();
    await(commands.close());
    await(vertx.close());
    client.close();
    server.shutdownNow();
  }

  @Test
  void resends_after_the_retry_interval_until_the_device_reports_the_desired_value()
      throws Exception {
    BlockingQueue<Command> received = take();
    desire("{\"rate\":10}");
    assertThat(payload(received.poll(10, TimeUnit.SECONDS)))
        .isEqualTo("{\"features\":{\"cfg\":{\"rate\":10}}}");

    clock.advance(RETRY.plusSeconds(1));
    assertThat(payload(received.poll(10, TimeUnit.SECONDS)))
        .isEqualTo("{\"features\":{\"cfg\":{\"rate\":10}}}");

    report(10.0);
    awaitTrue(() -> reconciler.outOfSync() == 0);
    clock.advance(RETRY.multipliedBy(2));
    assertThat(received.poll(1500, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void newer_desired_state_supersedes_the_command_waiting_in_the_outbox() throws Exception {
    desire("{\"rate\":10}");
    awaitTrue(() -> commands.pending(DEVICE) == 1);
    desire("{\"rate\":20,\"mode\":\"eco\"}");
    desire("{\"rate\":30,\"mode\":\"eco\"}");
    awaitTrue(() -> payloadOfPending().contains("30"));
    assertThat(commands.pending(DEVICE)).isEqualTo(1);
    assertThat(JsonFactory.newObject(payloadOfPending()))
        .isEqualTo(
            JsonFactory.newObject("{\"features\":{\"cfg\":{\"rate\":30,\"mode\":\"eco\"}}}"));
  }

  @Test
  void a_retry_does_not_queue_behind_a_command_the_device_has_not_taken() throws Exception {
    desire("{\"rate\":10}");
    awaitTrue(() -> commands.pending(DEVICE) == 1);
    clock.advance(RETRY.plusSeconds(1));
    // give the sweep (at most a second) its chance, then nothing more is queued
    Instant until = Instant.now().plusMillis(1500);
    while (Instant.now().isBefore(until)) {
      assertThat(commands.pending(DEVICE)).isEqualTo(1);
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @Test
  void reports_in_sync_withdraw_the_waiting_command() throws Exception {
    desire("{\"rate\":10}");
    awaitTrue(() -> commands.pending(DEVICE) == 1);
    report(10);
    awaitTrue(() -> commands.pending(DEVICE) == 0 && reconciler.outOfSync() == 0);
  }

  @Test
  void on_start_adopts_a_waiting_command_instead_of_sending_another() throws Exception {
    desire("{\"rate\":10}");
    awaitTrue(() -> commands.pending(DEVICE) == 1);
    reconciler.close();
    DesiredStateReconciler again = new DesiredStateReconciler(vertx, twins, commands, clock, RETRY);
    try {
      await(again.start());
      assertThat(again.outOfSync()).isEqualTo(1);
      assertThat(commands.pending(DEVICE)).isEqualTo(1);
    } finally {
      again.close();
    }
  }

  @Test
  void drift_away_from_the_desired_value_starts_a_new_round() throws Exception {
    BlockingQueue<Command> received = take();
    desire("{\"rate\":10}");
    assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    report(10);
    awaitTrue(() -> reconciler.outOfSync() == 0);
    report(7);
    assertThat(payload(received.poll(10, TimeUnit.SECONDS)))
        .isEqualTo("{\"features\":{\"cfg\":{\"rate\":10}}}");
  }

  private void desire(String desired) throws Exception {
    twins
        .put(
            ThingId.of("acme:d1"),
            JsonPointer.of("/features/cfg/desiredProperties"),
            JsonFactory.newObject(desired),
            TwinCondition.NONE)
        .get(5, TimeUnit.SECONDS);
  }

  private void report(Object rate) throws Exception {
    twins
        .apply(
            new TwinPatch(DEVICE, List.of(new PropertyUpdate("cfg", "rate", rate)), Instant.now()))
        .get(5, TimeUnit.SECONDS);
  }

  private BlockingQueue<Command> take() {
    BlockingQueue<Command> received = new LinkedBlockingQueue<>();
    commands.subscribe(
        DEVICE,
        c -> {
          received.add(c);
          return Future.succeededFuture();
        },
        false);
    return received;
  }

  /** Peeks at the pending command by taking it once and putting nothing back. */
  private String payloadOfPending() {
    BlockingQueue<Command> seen = new LinkedBlockingQueue<>();
    var registration =
        commands.subscribe(
            DEVICE,
            c -> {
              seen.add(c);
              // refuse delivery, so the command stays in the outbox
              return Future.failedFuture("peek only");
            },
            true);
    Command c;
    try {
      c = seen.poll(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    registration.cancel();
    return c == null ? "" : payload(c);
  }

  private static String payload(Command c) {
    assertThat(c).isNotNull();
    assertThat(c.name()).isEqualTo(DesiredStateReconciler.COMMAND);
    assertThat(c.contentType()).isEqualTo("application/json");
    return new String(c.payload(), StandardCharsets.UTF_8);
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition met in time").isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static final class NoStore implements TwinRepository {
    @Override
    public void loadAll(Consumer<StoredTwin> consumer) {}

    @Override
    public void upsertAll(Collection<StoredTwin> twins) {}

    @Override
    public void delete(String thingId) {}
  }

  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
