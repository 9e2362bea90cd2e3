package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import io.twinwright.platform.config.ConfigKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform in-process on random ports, driven by independent clients: HiveMQ's MQTT
 * client for devices and the JDK HTTP client for applications.
 */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;
  private Platform platform;

  @BeforeEach
  void start() {
    platform =
        Platform.start(
            Fixtures.config(
                dataDir,
                Map.of(ConfigKey.MAX_AUTH_FAILURES, "3", ConfigKey.AUTH_FAILURE_WINDOW, "PT60S")));
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private Mqtt3BlockingClient connect(String device, String tenant, String password) {
    Mqtt3BlockingClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier(device + "-" + System.nanoTime())
            .serverHost("127.0.0.1")
            .serverPort(platform.ports().mqtt())
            .buildBlocking();
    client
        .connectWith()
        .simpleAuth()
        .username(device + "@" + tenant)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    return client;
  }

  private static void publish(Mqtt3BlockingClient c, String topic, String payload, MqttQos qos) {
    c.publishWith().topic(topic).qos(qos).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
  }

  private JsonNode thing(String thingId) throws Exception {
    var r = Fixtures.http(platform, "GET", "/api/2/things/" + thingId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void
      two_vendors_land_as_the_same_canonical_twin_and_overheating_raises_an_alert_and_an_sse_event()
          throws Exception {
    Fixtures.provision(platform, "plant", "acme-1", "acme-th100", "pw-acme-1");
    Fixtures.provision(platform, "plant", "nordlys-1", "nordlys-ens2", "pw-nordlys-1");

    BlockingQueue<String> sse = new LinkedBlockingQueue<>();
    Thread reader = openEventStream("/api/2/things?ids=plant:acme-1,plant:nordlys-1", sse);

    Mqtt3BlockingClient acme = connect("acme-1", "plant", "pw-acme-1");
    Mqtt3BlockingClient nordlys = connect("nordlys-1", "plant", "pw-nordlys-1");
    // the same physical reading, 22.0 °C and 40.5 %RH, in each vendor's own shape and unit
    publish(acme, "telemetry", "{\"temp_f\": 71.6, \"rh\": 40.5}", MqttQos.AT_LEAST_ONCE);
    publish(nordlys, "t", "{\"t\": 2200, \"env\": {\"hum\": 40.5}}", MqttQos.AT_LEAST_ONCE);

    JsonNode a = thing("plant:acme-1");
    JsonNode n = thing("plant:nordlys-1");
    assertThat(a.at("/thingId").asText()).isEqualTo("plant:acme-1");
    assertThat(a.at("/definition").asText()).isEqualTo("io.twinwright:environment-sensor:1.0.0");
    assertThat(a.at("/features/temperature/properties/value").asDouble()).isEqualTo(22.0);
    assertThat(a.at("/features/temperature")).isEqualTo(n.at("/features/temperature"));
    assertThat(a.at("/features/humidity")).isEqualTo(n.at("/features/humidity"));

    // SSE saw the change of a twin
    String event = sse.poll(10, TimeUnit.SECONDS);
    assertThat(event).isNotNull().contains("plant:");

    // an event (QoS 1) over the threshold of the model (45 °C): 120 °F = 48.9 °C
    publish(acme, "event", "{\"temp_f\": 120}", MqttQos.AT_LEAST_ONCE);
    JsonNode alerts = awaitAlert("plant:acme-1", "overheating");
    assertThat(alerts.toString()).contains("45");

    // search with Ditto's RQL over HTTP finds the hot one only
    var search =
        Fixtures.http(
            platform,
            "GET",
            "/api/2/search/things?filter=gt(features/temperature/properties/value,40)",
            null);
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.body()).contains("plant:acme-1").doesNotContain("plant:nordlys-1");

    acme.disconnect();
    nordlys.disconnect();
    reader.interrupt();
  }

  @Test
  void brute_force_quarantines_the_device_and_even_the_right_password_is_refused_then()
      throws Exception {
    Fixtures.provision(platform, "plant", "victim", "acme-th100", "right-password");
    Mqtt3BlockingClient live = connect("victim", "plant", "right-password");
    assertThat(live.getState().isConnected()).isTrue();

    for (int i = 0; i < 3; i++) {
      int attempt = i;
      assertThatThrownBy(() -> connect("victim", "plant", "guess-" + attempt))
          .isInstanceOfSatisfying(
              Mqtt3ConnAckException.class,
              e ->
                  assertThat(e.getMqttMessage().getReturnCode())
                      .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
    }

    awaitAlert("plant:victim", "auth-brute-force");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (live.getState().isConnected() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(live.getState().isConnected()).as("live connection closed").isFalse();
    assertThatThrownBy(() -> connect("victim", "plant", "right-password"))
        .isInstanceOfSatisfying(
            Mqtt3ConnAckException.class,
            e ->
                assertThat(e.getMqttMessage().getReturnCode())
                    .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
    JsonNode twin = thing("plant:victim");
    assertThat(twin.at("/features/security/properties/state").asText()).isEqualTo("quarantined");

    // only an operator releases it; then the right password works again, and it is audited
    JsonNode list = JSON.readTree(Fixtures.http(platform, "GET", "/api/2/quarantine", null).body());
    assertThat(list.toString()).contains("plant:victim");
    var release =
        Fixtures.http(
            platform,
            "POST",
            "/api/2/quarantine/plant:victim/release",
            "{\"note\":\"password rotated\"}");
    assertThat(release.statusCode()).as(release.body()).isEqualTo(204);
    Mqtt3BlockingClient back = connect("victim", "plant", "right-password");
    assertThat(back.getState().isConnected()).isTrue();
    back.disconnect();
    assertThat(thing("plant:victim").at("/features/security/properties/state").asText())
        .isEqualTo("trusted");
    platform.audit().flush().get(5, TimeUnit.SECONDS);
    var audit = Fixtures.http(platform, "GET", "/api/2/audit?thingId=plant:victim", null);
    assertThat(audit.body()).contains("release").contains("password rotated");
    assertThat(
            Fixtures.http(platform, "POST", "/api/2/quarantine/plant:victim/release", null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void malformed_payloads_unknown_topics_and_oversized_messages_close_only_that_connection()
      throws Exception {
    Fixtures.provision(platform, "plant", "good", "acme-th100", "pw-good");
    Fixtures.provision(platform, "plant", "bad", "acme-th100", "pw-bad");
    Mqtt3BlockingClient good = connect("good", "plant", "pw-good");

    Mqtt3BlockingClient bad = connect("bad", "plant", "pw-bad");
    assertThatThrownBy(() -> publish(bad, "telemetry", "{not json", MqttQos.AT_LEAST_ONCE))
        .isInstanceOf(RuntimeException.class);
    awaitDisconnected(bad);

    Mqtt3BlockingClient bad2 = connect("bad", "plant", "pw-bad");
    assertThatThrownBy(() -> publish(bad2, "nonsense/topic", "{}", MqttQos.AT_LEAST_ONCE))
        .isInstanceOf(RuntimeException.class);
    awaitDisconnected(bad2);

    Mqtt3BlockingClient bad3 = connect("bad", "plant", "pw-bad");
    String huge = "{\"temp_f\": 70, \"pad\": \"" + "x".repeat(200_000) + "\"}";
    try {
      publish(bad3, "telemetry", huge, MqttQos.AT_LEAST_ONCE);
    } catch (RuntimeException expected) {
      // the connection is closed before the PUBACK
    }
    awaitDisconnected(bad3);

    // the platform keeps serving the well-behaved device
    publish(good, "telemetry", "{\"temp_f\": 68}", MqttQos.AT_LEAST_ONCE);
    assertThat(thing("plant:good").at("/features/temperature/properties/value").asDouble())
        .isEqualTo(20.0);
    assertThat(platform.stats().messagesRejected()).isGreaterThanOrEqualTo(2);
    good.disconnect();

    // device HTTP adapter: Hono's status codes
    int httpPort = platform.ports().http();
    assertThat(deviceHttp(httpPort, "good@plant:pw-good", "{\"temp_f\": 69}").statusCode())
        .isEqualTo(202);
    assertThat(deviceHttp(httpPort, "good@plant:wrong", "{\"temp_f\": 69}").statusCode())
        .isEqualTo(401);
    assertThat(deviceHttp(httpPort, "good@plant:pw-good", "{oops").statusCode()).isEqualTo(400);
    assertThat(deviceHttp(httpPort, "good@plant:pw-good", huge).statusCode()).isEqualTo(413);
  }

  private static HttpResponse<String> deviceHttp(int port, String userPass, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telemetry"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(userPass.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return Fixtures.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitDisconnected(Mqtt3BlockingClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client.getState().isConnected() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    assertThat(client.getState().isConnected()).as("connection closed by the adapter").isFalse();
  }

  private JsonNode awaitAlert(String thingId, String code) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    JsonNode alerts = null;
    while (System.nanoTime() < deadline) {
      var r = Fixtures.http(platform, "GET", "/api/2/alerts?thingId=" + thingId, null);
      alerts = JSON.readTree(r.body());
      for (JsonNode a : alerts) {
        if (code.equals(a.path("code").asText()) && "active".equals(a.path("state").asText())) {
          return a;
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("no active " + code + " alert on " + thingId + ": " + alerts);
  }

  private Thread openEventStream(String path, BlockingQueue<String> events) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.ports().api() + path))
            .header("Accept", "text/event-stream")
            .header("Authorization", Fixtures.ADMIN_AUTH)
            .GET()
            .build();
    var response = Fixtures.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("data:") && line.length() > 5) {
                    events.add(line.substring(5).trim());
                  }
                }
              } catch (Exception e) {
                // stream closed at the end of the test
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
