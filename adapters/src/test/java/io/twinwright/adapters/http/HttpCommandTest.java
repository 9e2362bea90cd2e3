package io.twinwright.adapters.http;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.ContentTypes;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandConsumer;
import io.twinwright.adapters.command.CommandResponse;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hono commands over the real HTTP adapter: {@code hono-ttd} long polls and responses. */
class HttpCommandTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final DeviceId GATEWAY = DeviceId.of("acme", "gw-1");
  private static final DeviceId CHILD = DeviceId.of("acme", "child-1");
  private static final Optional<Duration> DAY = Optional.of(Duration.ofDays(1));

  // a short cap keeps the "no command" cases quick and proves the cap applies
  private final AdapterConfig config =
      Fixtures.config().withCommands(Duration.ofHours(1), Duration.ofSeconds(1));
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private CommandService commands;
  private HttpAdapter adapter;
  private WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.enabledDevice()));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    await(registry.createDevice(GATEWAY, Registration.enabledDevice()));
    await(registry.setCredentials(GATEWAY, List.of(CredentialSpec.password("gw-1", "gw"))));
    await(registry.createDevice(CHILD, new Registration(true, List.of(GATEWAY.id()), Map.of())));
    commands =
        new CommandService(
            vertx, mongo.database(), () -> {}, Clock.systemUTC(), Duration.ofHours(1));
    await(commands.start());
    adapter =
        new HttpAdapter(
            vertx, config, registry, downstream, new Fixtures.RecordingListener(), commands);
    int port = await(adapter.start());
    client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() {
    client.close();
    await(adapter.stop());
    await(commands.close());
    await(vertx.close());
    mongo.close();
  }

  private HttpRequest<Buffer> post(String path, String user, String password) {
    HttpRequest<Buffer> request = client.request(HttpMethod.POST, path);
    return user == null ? request : request.basicAuthentication(user, password);
  }

  @Test
  void a_waiting_request_command_is_returned_with_hono_headers_and_answered() {
    Future<CommandResponse> answer =
        commands.request(
            SENSOR, "set-interval", "application/json", bytes("{\"s\":5}"), Duration.ofSeconds(30));

    HttpResponse<Buffer> poll =
        await(
            post("/telemetry", "sensor-1@acme", "s3cret")
                .putHeader("hono-ttd", "10")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer("{\"t\":1}")));

    assertThat(poll.statusCode()).isEqualTo(200);
    assertThat(poll.getHeader("hono-command")).isEqualTo("set-interval");
    assertThat(poll.getHeader("content-type")).isEqualTo("application/json");
    assertThat(poll.bodyAsString()).isEqualTo("{\"s\":5}");
    String requestId = poll.getHeader("hono-cmd-req-id");
    assertThat(requestId).isNotBlank();
    // the telemetry itself was accepted as usual
    assertThat(downstream.received).hasSize(1);

    HttpResponse<Buffer> answered =
        await(
            post("/command/res/" + requestId + "?hono-cmd-status=200", "sensor-1@acme", "s3cret")
                .putHeader("content-type", "text/plain")
                .sendBuffer(Buffer.buffer("interval set")));

    assertThat(answered.statusCode()).isEqualTo(202);
    CommandResponse response = await(answer);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("text/plain");
    assertThat(new String(response.payload(), StandardCharsets.UTF_8)).isEqualTo("interval set");
  }

  @Test
  void a_command_sent_while_the_device_waits_is_returned_at_once() throws Exception {
    Future<HttpResponse<Buffer>> poll =
        post("/event", "sensor-1@acme", "s3cret")
            .putHeader("hono-ttd", "1")
            .sendBuffer(Buffer.buffer("{\"door\":\"open\"}"));
    downstream.next(); // the event is in, the device now waits

    await(commands.send(SENSOR, "close-door", "text/plain", bytes("now"), DAY));

    HttpResponse<Buffer> response = await(poll);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("hono-command")).isEqualTo("close-door");
    assertThat(response.getHeader("hono-cmd-req-id")).as("one-way").isNull();
    assertThat(response.bodyAsString()).isEqualTo("now");
  }

  @Test
  void an_empty_notification_with_ttd_fetches_a_command() {
    await(commands.send(SENSOR, "reboot", "text/plain", bytes("1"), DAY));

    HttpResponse<Buffer> poll =
        await(
            post("/event", "sensor-1@acme", "s3cret")
                .putHeader("hono-ttd", "5")
                .putHeader("content-type", ContentTypes.EMPTY_NOTIFICATION)
                .send());

    assertThat(poll.statusCode()).isEqualTo(200);
    assertThat(poll.getHeader("hono-command")).isEqualTo("reboot");
    assertThat(commands.pending(SENSOR)).isZero();
  }

  @Test
  void answers_202_when_no_command_comes_within_the_capped_ttd() {
    long started = System.nanoTime();

    HttpResponse<Buffer> poll =
        await(
            post("/telemetry?hono-ttd=30", "sensor-1@acme", "s3cret")
                .sendBuffer(Buffer.buffer("{\"t\":1}")));

    assertThat(poll.statusCode()).isEqualTo(202);
    // capped to the configured maximum of one second, not the 30 asked for
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    // a command sent after the wait ended stays in the outbox for the next poll
    await(commands.send(SENSOR, "late", "text/plain", bytes("1"), DAY));
    assertThat(commands.pending(SENSOR)).isEqualTo(1);
  }

  @Test
  void rejects_a_malformed_ttd() {
    HttpResponse<Buffer> poll =
        await(
            post("/telemetry", "sensor-1@acme", "s3cret")
                .putHeader("hono-ttd", "soon")
                .sendBuffer(Buffer.buffer("{\"t\":1}")));

    assertThat(poll.statusCode()).isEqualTo(400);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void a_response_for_an_unknown_request_is_404() {
    HttpResponse<Buffer> answered =
        await(
            post("/command/res/no-such-id?hono-cmd-status=200", "sensor-1@acme", "s3cret")
                .sendBuffer(Buffer.buffer("x")));

    assertThat(answered.statusCode()).isEqualTo(404);
  }

  @Test
  void a_response_without_a_valid_status_is_400() {
    Future<CommandResponse> answer =
        commands.request(SENSOR, "ping", "text/plain", bytes(""), Duration.ofSeconds(30));
    String requestId =
        await(
                post("/telemetry", "sensor-1@acme", "s3cret")
                    .putHeader("hono-ttd", "5")
                    .sendBuffer(Buffer.buffer("{}")))
            .getHeader("hono-cmd-req-id");

    HttpResponse<Buffer> missing =
        await(post("/command/res/" + requestId, "sensor-1@acme", "s3cret").send());
    HttpResponse<Buffer> invalid =
        await(
            post("/command/res/" + requestId + "?hono-cmd-status=42", "sensor-1@acme", "s3cret")
                .send());

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(answer.isComplete()).isFalse();
    // the header form of the status is accepted too
    HttpResponse<Buffer> viaHeader =
        await(
            post("/command/res/" + requestId, "sensor-1@acme", "s3cret")
                .putHeader("hono-cmd-status", "204")
                .send());
    assertThat(viaHeader.statusCode()).isEqualTo(202);
    assertThat(await(answer).status()).isEqualTo(204);
  }

  @Test
  void a_response_needs_credentials() {
    HttpResponse<Buffer> answered =
        await(post("/command/res/x?hono-cmd-status=200", null, null).send());
    HttpResponse<Buffer> wrong =
        await(post("/command/res/x?hono-cmd-status=200", "sensor-1@acme", "guess").send());

    assertThat(answered.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  @Test
  void a_gateway_answers_for_its_device_but_not_for_others() {
    Future<CommandResponse> answer =
        commands.request(CHILD, "ping", "text/plain", bytes(""), Duration.ofSeconds(30));
    Future<CommandResponse> other =
        commands.request(SENSOR, "ping", "text/plain", bytes(""), Duration.ofSeconds(30));
    String sensorRequest =
        await(
                post("/event", "sensor-1@acme", "s3cret")
                    .putHeader("hono-ttd", "5")
                    .sendBuffer(Buffer.buffer("{}")))
            .getHeader("hono-cmd-req-id");
    // the gateway is not listed in the sensor's via: it may not answer the sensor's request
    assertThat(other.isComplete()).isFalse();

    HttpResponse<Buffer> forOther =
        await(
            post(
                    "/command/res/acme/sensor-1/" + sensorRequest + "?hono-cmd-status=200",
                    "gw-1@acme",
                    "gw")
                .send());
    assertThat(forOther.statusCode()).isEqualTo(403);

    CommandServiceProbe probe = new CommandServiceProbe();
    commands.subscribe(CHILD, probe, true);
    String childId = await(probe.next).requestId().orElseThrow();
    HttpResponse<Buffer> forChild =
        await(
            post("/command/res/acme/child-1/" + childId + "?hono-cmd-status=200", "gw-1@acme", "gw")
                .send());
    assertThat(forChild.statusCode()).isEqualTo(202);
    assertThat(await(answer).device()).isEqualTo(CHILD);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Takes one command, as a device would, so the test learns its request id. */
  private static final class CommandServiceProbe implements CommandConsumer {
    final Promise<Command> taken = Promise.promise();
    final Future<Command> next = taken.future();

    @Override
    public Future<Void> deliver(Command command) {
      taken.tryComplete(command);
      return Future.succeededFuture();
    }
  }
}
