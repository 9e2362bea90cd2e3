package io.twinwright.adapters.command;

import static io.twinwright.adapters.Fixtures.await;
import static io.twinwright.adapters.Fixtures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.Fixtures;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandServiceTest {

  private static final DeviceId VALVE = DeviceId.of("acme", "valve-1");
  private static final DeviceId PUMP = DeviceId.of("acme", "pump-1");
  private static final Duration DAY = Duration.ofDays(1);

  private final AtomicInteger commits = new AtomicInteger();
  private final MovableClock clock = new MovableClock();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private CommandService commands;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    commands = newService();
  }

  @AfterEach
  void stop() {
    await(commands.close());
    await(vertx.close());
    mongo.close();
  }

  private CommandService newService() {
    CommandService service =
        new CommandService(vertx, mongo.database(), commits::incrementAndGet, clock, DAY);
    await(service.start());
    return service;
  }

  @Test
  void a_one_way_command_is_accepted_only_once_stored_and_committed() {
    int before = commits.get();

    Command sent = await(commands.send(VALVE, "open", "application/json", json("{}"), ttl(DAY)));

    assertThat(commits.get()).isGreaterThan(before);
    assertThat(sent.oneWay()).isTrue();
    assertThat(mongo.database().getCollection(CommandService.COLLECTION).countDocuments())
        .isEqualTo(1);
    assertThat(commands.pending(VALVE)).isEqualTo(1);
  }

  @Test
  void commands_of_an_offline_device_are_delivered_in_order_when_it_subscribes() throws Exception {
    for (int i = 1; i <= 5; i++) {
      await(commands.send(VALVE, "step-" + i, "text/plain", json("" + i), ttl(DAY)));
    }
    await(commands.send(PUMP, "start", "text/plain", json("p"), ttl(DAY)));
    Recorder device = new Recorder();

    commands.subscribe(VALVE, device, false);

    List<String> names = device.take(5).stream().map(Command::name).toList();
    assertThat(names).containsExactly("step-1", "step-2", "step-3", "step-4", "step-5");
    waitUntil(() -> commands.pending(VALVE) == 0);
    assertThat(commands.pending(PUMP)).isEqualTo(1);
    waitUntil(() -> storedCount() == 1);
  }

  @Test
  void the_next_command_goes_out_only_after_the_previous_delivery_succeeded() throws Exception {
    BlockingQueue<Promise<Void>> acks = new LinkedBlockingQueue<>();
    BlockingQueue<Command> seen = new LinkedBlockingQueue<>();
    commands.subscribe(
        VALVE,
        c -> {
          seen.add(c);
          Promise<Void> ack = Promise.promise();
          acks.add(ack);
          return ack.future();
        },
        false);

    await(commands.send(VALVE, "first", "text/plain", json("1"), ttl(DAY)));
    await(commands.send(VALVE, "second", "text/plain", json("2"), ttl(DAY)));

    assertThat(seen.poll(5, TimeUnit.SECONDS).name()).isEqualTo("first");
    Promise<Void> firstAck = acks.poll(5, TimeUnit.SECONDS);
    // the second must wait while the first is unacknowledged; it is still in the outbox
    assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(storedCount()).isEqualTo(2);

    firstAck.complete();

    assertThat(seen.poll(5, TimeUnit.SECONDS).name()).isEqualTo("second");
    waitUntil(() -> storedCount() == 1);
  }

  @Test
  void a_failed_delivery_keeps_the_command_for_the_next_consumer() throws Exception {
    await(commands.send(VALVE, "open", "text/plain", json("x"), ttl(DAY)));
    AtomicInteger attempts = new AtomicInteger();

    commands.subscribe(
        VALVE,
        c -> {
          attempts.incrementAndGet();
          return Future.failedFuture(new IllegalStateException("connection closed"));
        },
        false);
    waitUntil(() -> attempts.get() == 1);
    assertThat(commands.pending(VALVE)).isEqualTo(1);

    Recorder again = new Recorder();
    commands.subscribe(VALVE, again, false);

    assertThat(again.take(1).get(0).name()).isEqualTo("open");
    // the failed consumer was dropped, not retried in a loop
    assertThat(attempts.get()).isEqualTo(1);
    waitUntil(() -> storedCount() == 0);
  }

  @Test
  void a_once_consumer_takes_a_single_command() throws Exception {
    await(commands.send(VALVE, "a", "text/plain", json("a"), ttl(DAY)));
    await(commands.send(VALVE, "b", "text/plain", json("b"), ttl(DAY)));
    Recorder poll = new Recorder();

    commands.subscribe(VALVE, poll, true);

    assertThat(poll.take(1).get(0).name()).isEqualTo("a");
    assertThat(poll.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    waitUntil(() -> commands.pending(VALVE) == 1);
  }

  @Test
  void a_cancelled_registration_gets_nothing_more() throws Exception {
    Recorder device = new Recorder();
    CommandGateway.Registration registration = commands.subscribe(VALVE, device, false);
    registration.cancel();

    await(commands.send(VALVE, "open", "text/plain", json("x"), ttl(DAY)));

    assertThat(device.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(commands.pending(VALVE)).isEqualTo(1);
  }

  @Test
  void expired_commands_are_dropped_from_memory_and_store() throws Exception {
    await(commands.send(VALVE, "stale", "text/plain", json("1"), ttl(Duration.ofMinutes(5))));
    await(commands.send(VALVE, "fresh", "text/plain", json("2"), ttl(DAY)));

    clock.advance(Duration.ofMinutes(6));

    waitUntil(() -> commands.pending(VALVE) == 1 && storedCount() == 1);
    Recorder device = new Recorder();
    commands.subscribe(VALVE, device, false);

    assertThat(device.take(1).get(0).name()).isEqualTo("fresh");
  }

  @Test
  void pending_commands_survive_a_restart_and_ids_keep_increasing() throws Exception {
    Command first = await(commands.send(VALVE, "one", "text/plain", json("1"), ttl(DAY)));
    await(commands.send(VALVE, "two", "application/octet-stream", new byte[] {0, 1, 2}, ttl(DAY)));
    await(commands.send(VALVE, "gone", "text/plain", json("x"), ttl(Duration.ofMinutes(1))));
    await(commands.close());
    clock.advance(Duration.ofMinutes(2)); // the short-lived command expires while "down"

    commands = newService();

    assertThat(commands.pending(VALVE)).isEqualTo(2);
    Command third = await(commands.send(VALVE, "three", "text/plain", json("3"), ttl(DAY)));
    assertThat(third.id()).isGreaterThan(first.id() + 2);
    Recorder device = new Recorder();
    commands.subscribe(VALVE, device, false);
    List<Command> got = device.take(3);
    assertThat(got).extracting(Command::name).containsExactly("one", "two", "three");
    assertThat(got.get(1).payload()).containsExactly(0, 1, 2);
    assertThat(got.get(1).contentType()).isEqualTo("application/octet-stream");
    waitUntil(() -> storedCount() == 0);
  }

  @Test
  void a_request_completes_with_the_devices_response() throws Exception {
    Recorder device = new Recorder();
    commands.subscribe(VALVE, device, false);

    Future<CommandResponse> answer =
        commands.request(VALVE, "status", "text/plain", json("?"), Duration.ofSeconds(5));
    Command delivered = device.take(1).get(0);
    assertThat(delivered.requestId()).isPresent();

    await(
        commands.respond(
            new CommandResponse(
                VALVE, delivered.requestId().get(), 200, "application/json", json("{\"ok\":1}"))));

    CommandResponse response = await(answer);
    assertThat(response.status()).isEqualTo(200);
    assertThat(new String(response.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":1}");
    assertThat(commands.waitingRequests()).isZero();
  }

  @Test
  void a_response_for_an_unknown_request_or_from_another_device_is_refused() throws Exception {
    Recorder device = new Recorder();
    commands.subscribe(VALVE, device, false);
    Future<CommandResponse> answer =
        commands.request(VALVE, "status", "text/plain", json("?"), Duration.ofSeconds(5));
    String requestId = device.take(1).get(0).requestId().orElseThrow();

    Throwable unknown =
        awaitFailure(
            commands.respond(new CommandResponse(VALVE, "nope", 200, "text/plain", new byte[0])));
    Throwable impostor =
        awaitFailure(
            commands.respond(new CommandResponse(PUMP, requestId, 200, "text/plain", new byte[0])));

    assertThat(CommandException.statusOf(unknown)).isEqualTo(404);
    assertThat(CommandException.statusOf(impostor)).isEqualTo(404);
    assertThat(answer.isComplete()).isFalse();
    await(commands.respond(new CommandResponse(VALVE, requestId, 204, "text/plain", new byte[0])));
    assertThat(await(answer).status()).isEqualTo(204);
  }

  @Test
  void a_request_without_an_answer_times_out_and_leaves_the_outbox() throws Exception {
    Future<CommandResponse> answer =
        commands.request(VALVE, "status", "text/plain", json("?"), Duration.ofMillis(300));

    Throwable failure = awaitFailure(answer);

    assertThat(CommandException.statusOf(failure)).isEqualTo(408);
    waitUntil(() -> commands.pending(VALVE) == 0 && storedCount() == 0);
  }

  @Test
  void rejects_invalid_commands_with_400() {
    Throwable badName =
        awaitFailure(commands.send(VALVE, "a/b", "text/plain", json("x"), Optional.empty()));
    Throwable badTtl =
        awaitFailure(commands.send(VALVE, "ok", "text/plain", json("x"), ttl(Duration.ZERO)));

    assertThat(CommandException.statusOf(badName)).isEqualTo(400);
    assertThat(CommandException.statusOf(badTtl)).isEqualTo(400);
    assertThat(storedCount()).isZero();
  }

  private long storedCount() {
    return mongo.database().getCollection(CommandService.COLLECTION).countDocuments();
  }

  private static Optional<Duration> ttl(Duration d) {
    return Optional.of(d);
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Fixtures.TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in time");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** A clock the test moves forward, so expiry needs no waiting. */
  static final class MovableClock extends Clock {
    private volatile java.time.Instant now = java.time.Instant.now();

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** A consumer that takes every command at once and records it. */
  static final class Recorder implements CommandConsumer {
    final BlockingQueue<Command> received = new LinkedBlockingQueue<>();

    @Override
    public Future<Void> deliver(Command command) {
      received.add(command);
      return Future.succeededFuture();
    }

    List<Command> take(int n) throws InterruptedException {
      List<Command> out = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        Command c = received.poll(Fixtures.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (c == null) {
          throw new AssertionError("only " + out.size() + " of " + n + " commands arrived");
        }
        out.add(c);
      }
      return out;
    }
  }
}
