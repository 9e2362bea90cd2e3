package io.twinwright.adapters.http;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.DownstreamException;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpAdapterTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final String PROFILE = "acme-thermo-v1";

  private final AdapterConfig config = Fixtures.config();
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private HttpAdapter adapter;
  private WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.of(PROFILE, "urn:tm:thermo")));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    adapter = new HttpAdapter(vertx, config, registry, downstream, listener);
    int port = await(adapter.start());
    client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() {
    client.close();
    await(adapter.stop());
    await(vertx.close());
    mongo.close();
  }

  private HttpRequest<Buffer> post(String path, String user, String password) {
    HttpRequest<Buffer> request = client.request(HttpMethod.POST, path);
    return user == null ? request : request.basicAuthentication(user, password);
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) {
    return await(request.sendBuffer(Buffer.buffer(body)));
  }

  @Test
  void accepts_telemetry_with_202_and_forwards_it() throws Exception {
    HttpResponse<Buffer> response =
        send(
            post("/telemetry", "sensor-1@acme", "s3cret").putHeader("content-type", "text/plain"),
            "21.5");

    assertThat(response.statusCode()).isEqualTo(202);
    DeviceMessage message = downstream.next();
    assertThat(message.device()).isEqualTo(SENSOR);
    assertThat(message.channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(message.qos()).isZero();
    assertThat(message.contentType()).isEqualTo("text/plain");
    assertThat(message.profile()).isEqualTo(PROFILE);
    assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
  }

  @Test
  void events_and_qos1_telemetry_are_answered_only_once_durable() throws Exception {
    downstream.holdReplies();

    Future<HttpResponse<Buffer>> telemetry =
        post("/telemetry", "sensor-1@acme", "s3cret")
            .putHeader(HttpAdapter.QOS_LEVEL, "1")
            .sendBuffer(Buffer.buffer("{}"));
    var durable = downstream.nextPending();
    assertThat(downstream.next().qos()).isEqualTo(1);
    assertThat(telemetry.toCompletionStage().toCompletableFuture())
        .withFailMessage("answered before the message was durable")
        .isNotCompleted();
    durable.complete();
    assertThat(await(telemetry).statusCode()).isEqualTo(202);

    Future<HttpResponse<Buffer>> event =
        post("/event", "sensor-1@acme", "s3cret").sendBuffer(Buffer.buffer("{}"));
    downstream.nextPending().complete();
    assertThat(await(event).statusCode()).isEqualTo(202);
    DeviceMessage message = downstream.next();
    assertThat(message.channel()).isEqualTo(Channel.EVENT);
    assertThat(message.qos()).isEqualTo(1);
  }

  @Test
  void answers_401_with_a_challenge_for_missing_or_wrong_credentials() throws Exception {
    HttpResponse<Buffer> missing = send(post("/telemetry", null, null), "{}");
    HttpResponse<Buffer> wrong = send(post("/telemetry", "sensor-1@acme", "guess"), "{}");

    assertThat(List.of(missing, wrong))
        .allSatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(401);
              assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"Hono\"");
            });
    Fixtures.Seen failure = listener.next("auth-failed");
    assertThat(failure.authId()).isEqualTo("sensor-1");
    assertThat(failure.device()).contains(SENSOR);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void answers_403_for_a_quarantined_device() {
    await(registry.setQuarantined(SENSOR, true));

    HttpResponse<Buffer> response = send(post("/telemetry", "sensor-1@acme", "s3cret"), "{}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void answers_400_for_an_empty_body_a_bad_qos_level_and_a_rejected_payload() {
    HttpResponse<Buffer> empty = send(post("/telemetry", "sensor-1@acme", "s3cret"), "");
    HttpResponse<Buffer> badQos =
        send(post("/telemetry", "sensor-1@acme", "s3cret").putHeader("qos-level", "2"), "{}");
    downstream.failWith(DownstreamException.rejected("temperature is not a number"));
    HttpResponse<Buffer> rejected =
        send(post("/event", "sensor-1@acme", "s3cret"), "{\"t\":\"x\"}");

    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.bodyAsString()).contains("empty");
    assertThat(badQos.statusCode()).isEqualTo(400);
    assertThat(badQos.bodyAsString()).contains("qos-level");
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.bodyAsString()).contains("temperature is not a number");
  }

  @Test
  void accepts_an_empty_notification() {
    HttpResponse<Buffer> response =
        send(
            post("/telemetry", "sensor-1@acme", "s3cret")
                .putHeader("content-type", "application/vnd.eclipse-hono-empty-notification"),
            "");

    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void answers_404_for_an_unknown_path() {
    assertThat(send(post("/commands", "sensor-1@acme", "s3cret"), "{}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void answers_413_for_a_payload_over_the_limit() {
    HttpResponse<Buffer> response =
        send(
            post("/telemetry", "sensor-1@acme", "s3cret"),
            "x".repeat(config.maxPayloadBytes() + 1));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void answers_503_when_the_platform_is_unavailable() {
    downstream.failWith(DownstreamException.unavailable("overloaded"));

    HttpResponse<Buffer> response = send(post("/telemetry", "sensor-1@acme", "s3cret"), "{}");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(adapter.messagesRejected()).isEqualTo(1);
  }

  @Test
  void stays_up_after_bad_requests() throws Exception {
    send(post("/telemetry", "garbage", "x"), "{}");
    client
        .request(HttpMethod.POST, "/telemetry")
        .putHeader("Authorization", "Basic !!!")
        .sendBuffer(Buffer.buffer("{}"))
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    assertThat(send(post("/telemetry", "sensor-1@acme", "s3cret"), "{}").statusCode())
        .isEqualTo(202);
  }
}
