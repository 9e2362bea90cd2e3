package io.twinwright.platform.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.api.AlertOperations;
import io.twinwright.api.ApiConfig;
import io.twinwright.api.ApiPorts;
import io.twinwright.api.ApiServer;
import io.twinwright.api.DeviceManagement;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.campaigns.CampaignStatus;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/2/campaigns/{id}/start} over HTTP, against the real API server bound to the real
 * campaign service, with the writing of the drawn devices held by the store: the start is answered
 * while the campaign is still drawing, and the campaign resource shows it running once the draw is
 * let through.
 */
class CampaignStartApiTest {
  private static final String MODEL = "io.twinwright:environment-sensor:1.0.0";

  private final CampaignScenarioTest.TestStore store = new CampaignScenarioTest.TestStore();
  private final List<CampaignScenarioTest.Sent> sent = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private TwinService twins;
  private CampaignService campaigns;
  private ApiServer server;
  private WebClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    twins =
        new TwinService(
            TwinConfig.defaults(), new CampaignScenarioTest.MapRepository(), Clock.systemUTC());
    twins.start();
    campaigns =
        new CampaignService(
            store,
            twins,
            CampaignScenarioTest.recordingPort(sent, new CopyOnWriteArrayList<>()),
            RulesConfig.defaults(),
            e -> {},
            Clock.systemUTC());
    twins.subscribe(campaigns::onTwinEvent);
    campaigns.start(Duration.ZERO);
    server =
        new ApiServer(
            ApiConfig.defaults().withHost("127.0.0.1").withPort(0),
            twins,
            noRegistry(),
            AlertOperations.readOnly((thing, state) -> List.of()),
            JsonObject::new,
            ApiPorts.none().withCampaigns(new ApiCampaigns(campaigns)));
    int port = server.start(vertx).toCompletionStage().toCompletableFuture().get(20, SECONDS);
    client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() throws Exception {
    store.insertGate.countDown();
    client.close();
    server.stop().toCompletionStage().toCompletableFuture().get(20, SECONDS);
    campaigns.close();
    twins.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(20, SECONDS);
  }

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;

  /** The device registry is not part of this test: any call to it fails. */
  private static DeviceManagement noRegistry() {
    return (DeviceManagement)
        Proxy.newProxyInstance(
            DeviceManagement.class.getClassLoader(),
            new Class<?>[] {DeviceManagement.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException("no device registry in this test");
            });
  }

  private HttpResponse<Buffer> http(String method, String path, JsonObject body) throws Exception {
    var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
    var answer = body == null ? request.send() : request.sendJsonObject(body);
    return answer.toCompletionStage().toCompletableFuture().get(20, SECONDS);
  }

  private void fleet(int n) {
    for (int i = 0; i < n; i++) {
      DeviceId id = DeviceId.ofThingId("acme:d" + i);
      twins.ensure(id, MODEL).join();
      twins
          .apply(
              new TwinPatch(
                  id, List.of(new PropertyUpdate("firmware", "version", "1.0.0")), Instant.now()))
          .join();
    }
  }

  private void campaign() throws Exception {
    HttpResponse<Buffer> artifact =
        http(
            "POST",
            "/api/2/firmware/artifacts",
            new JsonObject()
                .put("version", "2.0.0")
                .put("url", "https://firmware.example/2.0.0.bin")
                .put("sha256", "a".repeat(64))
                .put("size", 1024)
                .put("models", new JsonArray().add(MODEL)));
    assertThat(artifact.statusCode()).as(artifact.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> created =
        http(
            "POST",
            "/api/2/campaigns",
            new JsonObject()
                .put("id", "fw-2")
                .put("artifact", "2.0.0")
                .put("filter", "exists(features/firmware)")
                .put("rateLimit", 1000)
                .put(
                    "waves",
                    new JsonArray()
                        .add(new JsonObject().put("count", 2))
                        .add(new JsonObject().put("rest", true))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  /** Polls the campaign resource until its status is {@code status}, within a deadline. */
  private JsonObject awaitStatus(String status) throws Exception {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    JsonObject campaign;
    do {
      HttpResponse<Buffer> got = http("GET", "/api/2/campaigns/fw-2", null);
      assertThat(got.statusCode()).isEqualTo(200);
      campaign = got.bodyAsJsonObject();
      if (campaign.getString("status").equals(status)) {
        return campaign;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the campaign never turned " + status + ": " + campaign.encode());
  }

  @Test
  void start_is_accepted_while_the_devices_are_drawn_and_the_campaign_runs_once_they_are()
      throws Exception {
    fleet(12);
    campaign();
    store.insertGate = new CountDownLatch(1);

    HttpResponse<Buffer> started = http("POST", "/api/2/campaigns/fw-2/start", null);
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    assertThat(started.getHeader("Location")).isEqualTo("/api/2/campaigns/fw-2");
    assertThat(started.getHeader("Content-Type")).startsWith("application/json");
    assertThat(started.bodyAsJsonObject().getString("id")).isEqualTo("fw-2");
    assertThat(started.bodyAsJsonObject().getString("status")).isEqualTo("starting");
    assertThat(store.memory.loadCampaigns())
        .as("the start is durable when it is answered")
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(CampaignStatus.STARTING));

    // the draw is held in the store: the campaign answers as starting, and sends nothing
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (store.inserts.get() == 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    assertThat(store.inserts.get()).as("the drawn devices are being written").isEqualTo(1);
    JsonObject drawing = http("GET", "/api/2/campaigns/fw-2", null).bodyAsJsonObject();
    assertThat(drawing.getString("status")).isEqualTo("starting");
    assertThat(sent).isEmpty();
    HttpResponse<Buffer> again = http("POST", "/api/2/campaigns/fw-2/start", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("error"))
        .isEqualTo("campaigns:campaign.conflict");
    assertThat(again.getHeader("Location")).isNull();

    store.insertGate.countDown();
    JsonObject running = awaitStatus("running");
    assertThat(running.getInteger("devices")).isEqualTo(12);
    assertThat(running.getString("started")).isNotNull();
    assertThat(http("GET", "/api/2/campaigns/fw-2/devices", null).bodyAsJsonArray()).hasSize(12);
  }

  @Test
  void start_of_an_unknown_campaign_is_not_found() throws Exception {
    HttpResponse<Buffer> started = http("POST", "/api/2/campaigns/nope/start", null);
    assertThat(started.statusCode()).isEqualTo(404);
    assertThat(started.bodyAsJsonObject().getInteger("status")).isEqualTo(404);
    assertThat(started.getHeader("Location")).isNull();
  }

  @Test
  void an_empty_fleet_is_still_accepted_and_then_runs() throws Exception {
    campaign();
    HttpResponse<Buffer> started = http("POST", "/api/2/campaigns/fw-2/start", null);
    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(Optional.ofNullable(started.bodyAsJsonObject().getString("status")))
        .hasValueSatisfying(s -> assertThat(s).isIn("starting", "running", "completed"));
    assertThat(started.getHeader("Location")).isEqualTo("/api/2/campaigns/fw-2");
  }
}
