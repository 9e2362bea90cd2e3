package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.twinwright.platform.config.ConfigKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin's {@code connectivity} feature, device limits and login throttling, on a real platform
 * with independent clients (HiveMQ MQTT, JDK HTTP).
 */
class LivenessEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dataDir;
  private Platform platform;

  private void start(Map<ConfigKey, String> extra) {
    platform = Platform.start(Fixtures.config(dataDir, extra));
  }

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void mqtt_connection_and_command_subscription_are_reflected_in_the_twin_and_searchable()
      throws Exception {
    start(Map.of());
    Fixtures.provision(platform, "plant", "s1", "acme-th100", "pw-s1");
    Fixtures.provision(platform, "plant", "s2", "acme-th100", "pw-s2");
    Instant before = Instant.now();

    Mqtt3BlockingClient client = connect("s1", "plant", "pw-s1");
    JsonNode online =
        awaitConnectivity("plant:s1", c -> "online".equals(c.path("status").asText()));
    assertThat(online.path("protocol").asText()).isEqualTo("mqtt");
    assertThat(online.path("ttd").asInt()).isZero();
    assertThat(online.path("remoteAddress").asText()).contains("127.0.0.1");
    assertThat(Instant.parse(online.path("since").asText()))
        .isAfterOrEqualTo(before.minusSeconds(1));

    client.subscribeWith().topicFilter("command///req/#").qos(MqttQos.AT_LEAST_ONCE).send();
    awaitConnectivity("plant:s1", c -> c.path("ttd").asInt() == -1);

    client
        .publishWith()
        .topic("telemetry")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("{\"temp_f\": 70}".getBytes(StandardCharsets.UTF_8))
        .send();
    JsonNode seen = awaitConnectivity("plant:s1", c -> c.hasNonNull("lastSeen"));
    assertThat(Instant.parse(seen.path("lastSeen").asText()))
        .isAfterOrEqualTo(before.minusSeconds(1));

    assertThat(searchIds("eq(features/connectivity/properties/status,\"online\")"))
        .contains("plant:s1")
        .doesNotContain("plant:s2");

    Instant disconnectedAt = Instant.now();
    client.disconnect();
    JsonNode offline =
        awaitConnectivity("plant:s1", c -> "offline".equals(c.path("status").asText()));
    assertThat(offline.path("ttd").asInt()).isZero();
    assertThat(Instant.parse(offline.path("since").asText()))
        .isAfterOrEqualTo(disconnectedAt.minusSeconds(1));
    assertThat(searchIds("eq(features/connectivity/properties/status,\"offline\")"))
        .contains("plant:s1");
    assertThat(searchIds("eq(features/connectivity/properties/status,\"online\")"))
        .doesNotContain("plant:s1");
  }

  @Test
  void a_twin_left_online_is_offline_after_a_restart_unless_its_device_is_back() throws Exception {
    start(Map.of());
    Fixtures.provision(platform, "plant", "s1", "acme-th100", "pw-s1");
    Fixtures.provision(platform, "plant", "s2", "acme-th100", "pw-s2");
    // what a crash would leave behind: the twins say online, but no connection survives
    for (String id : List.of("plant:s1", "plant:s2")) {
      var put =
          Fixtures.http(
              platform,
              "PUT",
              "/api/2/things/" + id + "/features/connectivity",
              "{\"properties\":{\"status\":\"online\",\"since\":\"2020-01-01T00:00:00Z\","
                  + "\"ttd\":-1}}");
      assertThat(put.statusCode()).as(put.body()).isIn(201, 204);
    }
    platform.close();
    platform = null;

    Instant restart = Instant.now();
    start(Map.of());
    // s2 connects at once, possibly before the liveness reset (which waits for every twin to be
    // parsed) has come by: its connection is what the twin must show, not the reset
    Mqtt3BlockingClient s2 = connect("s2", "plant", "pw-s2");
    JsonNode after =
        awaitConnectivity("plant:s1", c -> "offline".equals(c.path("status").asText()));
    assertThat(after.path("ttd").asInt()).isZero();
    assertThat(Instant.parse(after.path("since").asText()))
        .isAfterOrEqualTo(restart.minusSeconds(1));
    awaitHealthy("rules");
    JsonNode back = connectivity("plant:s2");
    assertThat(back.path("status").asText()).isEqualTo("online");
    assertThat(back.path("protocol").asText()).isEqualTo("mqtt");
    assertThat(Instant.parse(back.path("since").asText()))
        .isAfterOrEqualTo(restart.minusSeconds(1));
    assertThat(searchIds("eq(features/connectivity/properties/status,\"offline\")"))
        .contains("plant:s1")
        .doesNotContain("plant:s2");
    s2.disconnect();
  }

  /** Waits until the health lists the component as up (the fleet pass has then run). */
  private void awaitHealthy(String component) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode health = JSON.readTree(Fixtures.http(platform, "GET", "/health", null).body());
      if ("up".equals(health.at("/components/" + component).asText())) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError(component + " never up");
  }

  @Test
  void an_http_device_waiting_for_commands_is_online_with_its_ttd_then_offline() throws Exception {
    start(Map.of());
    Fixtures.provision(platform, "plant", "h1", "acme-th100", "pw-h1");
    CompletableFuture<HttpResponse<String>> waiting =
        Fixtures.HTTP.sendAsync(
            deviceRequest("/telemetry?hono-ttd=3", "h1@plant:pw-h1", "{\"temp_f\": 70}"),
            HttpResponse.BodyHandlers.ofString());

    JsonNode online =
        awaitConnectivity("plant:h1", c -> "online".equals(c.path("status").asText()));
    assertThat(online.path("protocol").asText()).isEqualTo("http");
    assertThat(online.path("ttd").asInt()).isEqualTo(3);

    assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    JsonNode offline =
        awaitConnectivity("plant:h1", c -> "offline".equals(c.path("status").asText()));
    assertThat(offline.path("ttd").asInt()).isZero();
  }

  @Test
  void a_device_over_its_rate_gets_429_with_retry_after_and_the_rules_see_it_flooding()
      throws Exception {
    start(Map.of(ConfigKey.DEVICE_RATE_LIMIT, "3"));
    Fixtures.provision(platform, "plant", "f1", "acme-th100", "pw-f1");
    HttpResponse<String> limited = null;
    for (int i = 0; i < 20 && limited == null; i++) {
      HttpResponse<String> r =
          Fixtures.HTTP.send(
              deviceRequest("/telemetry", "f1@plant:pw-f1", "{\"temp_f\": 70}"),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429) {
        limited = r;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      }
    }
    assertThat(limited).as("the device rate limit refused a message").isNotNull();
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
    assertThat(awaitAlert("plant:f1", "message-flooding")).isTrue();
  }

  @Test
  void repeated_failed_logins_are_refused_unchecked_until_the_window_passes() throws Exception {
    start(
        Map.of(
            ConfigKey.LOGIN_THROTTLE, "2",
            ConfigKey.AUTH_FAILURE_WINDOW, "PT2S",
            ConfigKey.MAX_AUTH_FAILURES, "100"));
    Fixtures.provision(platform, "plant", "t1", "acme-th100", "pw-t1");
    for (int i = 0; i < 2; i++) {
      assertThat(deviceHttp("t1@plant:wrong", "{\"temp_f\": 70}").statusCode()).isEqualTo(401);
    }
    // throttled: even the right password is refused, without being checked
    HttpResponse<String> throttled = deviceHttp("t1@plant:pw-t1", "{\"temp_f\": 70}");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    // the throttled attempt still counts as an authentication failure for the rules
    // once the failures leave the window, the device gets in again
    long deadline = System.nanoTime() + WAIT.toNanos();
    int status = 0;
    while (System.nanoTime() < deadline) {
      status = deviceHttp("t1@plant:pw-t1", "{\"temp_f\": 70}").statusCode();
      if (status == 202) {
        break;
      }
      assertThat(status).isEqualTo(429);
      TimeUnit.MILLISECONDS.sleep(200);
    }
    assertThat(status).isEqualTo(202);
  }

  // ---- helpers

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

  private JsonNode connectivity(String thingId) throws Exception {
    var r = Fixtures.http(platform, "GET", "/api/2/things/" + thingId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).at("/features/connectivity/properties");
  }

  private JsonNode awaitConnectivity(String thingId, Predicate<JsonNode> condition)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = connectivity(thingId);
      if (condition.test(last)) {
        return last;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("connectivity of " + thingId + " never matched; last: " + last);
  }

  private java.util.List<String> searchIds(String filter) throws Exception {
    var r =
        Fixtures.http(
            platform,
            "GET",
            "/api/2/search/things?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8),
            null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    java.util.List<String> ids = new java.util.ArrayList<>();
    JSON.readTree(r.body()).path("items").forEach(t -> ids.add(t.path("thingId").asText()));
    return ids;
  }

  private boolean awaitAlert(String thingId, String code) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      var r = Fixtures.http(platform, "GET", "/api/2/alerts?thingId=" + thingId, null);
      for (JsonNode a : JSON.readTree(r.body())) {
        if (code.equals(a.path("code").asText())) {
          return true;
        }
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return false;
  }

  private HttpRequest deviceRequest(String path, String userPass, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.ports().http() + path))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json")
        .header(
            "Authorization",
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(userPass.getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpResponse<String> deviceHttp(String userPass, String body) throws Exception {
    return Fixtures.HTTP.send(
        deviceRequest("/telemetry", userPass, body), HttpResponse.BodyHandlers.ofString());
  }
}
