package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices that were offline send what they buffered, with Hono's {@code creation-time}: the twin
 * keeps the newest reading whatever the order of arrival, also across a restart, and the history
 * holds every reading at its source time.
 */
class BufferedReadingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEMPERATURE = "/features/temperature/properties/value";

  @TempDir Path dataDir;
  private Platform platform;

  private void startPlatform() {
    platform = Platform.start(Fixtures.config(dataDir, Map.of()));
  }

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private Mqtt3BlockingClient connect(String device, String password) {
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
        .username(device + "@plant")
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    return client;
  }

  /** Publishes at QoS 1: returns once acknowledged, that is once twin and history are durable. */
  private static void publish(Mqtt3BlockingClient c, Instant created, double fahrenheit) {
    c.publishWith()
        .topic("telemetry/?creation-time=" + created.toEpochMilli())
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(("{\"temp_f\": " + fahrenheit + "}").getBytes(StandardCharsets.UTF_8))
        .send();
  }

  private JsonNode get(String path) throws Exception {
    var r = Fixtures.http(platform, "GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode history(String thingId, Instant from, Instant to, String... extra)
      throws Exception {
    StringBuilder path =
        new StringBuilder("/api/2/things/")
            .append(thingId)
            .append("/history?path=")
            .append(URLEncoder.encode(TEMPERATURE, StandardCharsets.UTF_8))
            .append("&from=")
            .append(from)
            .append("&to=")
            .append(to);
    for (String e : extra) {
      path.append('&').append(e);
    }
    return get(path.toString());
  }

  private static List<String> times(JsonNode points) {
    List<String> times = new ArrayList<>();
    points.forEach(p -> times.add(p.get("t").asText()));
    return times;
  }

  @Test
  void out_of_order_buffered_readings_keep_the_newest_state_and_all_reach_the_history()
      throws Exception {
    startPlatform();
    Fixtures.provision(platform, "plant", "acme-1", "acme-th100", "pw-acme-1");
    Instant t1 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
    Instant t2 = t1.plusSeconds(60);
    Instant t3 = t2.plusSeconds(60);

    Mqtt3BlockingClient device = connect("acme-1", "pw-acme-1");
    publish(device, t3, 75.2); // 24.0 °C, the newest, arrives first
    publish(device, t1, 71.6); // 22.0 °C
    publish(device, t2, 73.4); // 23.0 °C
    device.disconnect();

    JsonNode thing = get("/api/2/things/plant:acme-1");
    assertThat(thing.at(TEMPERATURE).asDouble()).isEqualTo(24.0);
    JsonNode withMetadata = get("/api/2/things/plant:acme-1?fields=_metadata");
    assertThat(withMetadata.at("/_metadata" + TEMPERATURE + "/observedAt").asText())
        .isEqualTo(t3.toString());

    JsonNode points = history("plant:acme-1", t1, t3.plusSeconds(1));
    assertThat(times(points)).containsExactly(t1.toString(), t2.toString(), t3.toString());
    assertThat(points.findValuesAsText("v")).containsExactly("22.0", "23.0", "24.0");

    JsonNode steps = history("plant:acme-1", t1, t3.plusSeconds(1), "step=PT1H");
    assertThat(steps.findValues("count").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(3);

    // after a restart, a late reading still cannot overwrite the newer state
    platform.close();
    startPlatform();
    device = connect("acme-1", "pw-acme-1");
    publish(device, t2.plusSeconds(1), 80.6); // 27.0 °C, older than t3
    device.disconnect();
    assertThat(get("/api/2/things/plant:acme-1").at(TEMPERATURE).asDouble()).isEqualTo(24.0);
    assertThat(times(history("plant:acme-1", t1, t3.plusSeconds(1))))
        .containsExactly(t1.toString(), t2.toString(), t2.plusSeconds(1).toString(), t3.toString());
  }

  @Test
  void creation_time_comes_from_an_http_header_or_an_mqtt5_user_property_and_bad_ones_are_refused()
      throws Exception {
    startPlatform();
    Fixtures.provision(platform, "plant", "acme-2", "acme-th100", "pw-acme-2");
    Instant older = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
    Instant newer = older.plusSeconds(5);

    Mqtt5BlockingClient mqtt5 =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("acme-2-" + System.nanoTime())
            .serverHost("127.0.0.1")
            .serverPort(platform.ports().mqtt())
            .buildBlocking();
    mqtt5
        .connectWith()
        .simpleAuth()
        .username("acme-2@plant")
        .password("pw-acme-2".getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    mqtt5
        .publishWith()
        .topic("telemetry")
        .qos(MqttQos.AT_LEAST_ONCE)
        .userProperties()
        .add("creation-time", Long.toString(newer.toEpochMilli()))
        .applyUserProperties()
        .payload("{\"temp_f\": 75.2}".getBytes(StandardCharsets.UTF_8))
        .send();
    mqtt5.disconnect();

    HttpResponse<String> late = httpTelemetry("acme-2", "pw-acme-2", older, "{\"temp_f\": 71.6}");
    assertThat(late.statusCode()).as(late.body()).isEqualTo(202);
    HttpResponse<String> bad = httpTelemetry("acme-2", "pw-acme-2", null, "{\"temp_f\": 71.6}");
    assertThat(bad.statusCode()).isEqualTo(400);

    assertThat(get("/api/2/things/plant:acme-2").at(TEMPERATURE).asDouble()).isEqualTo(24.0);
    assertThat(times(history("plant:acme-2", older, newer.plusSeconds(1))))
        .containsExactly(older.toString(), newer.toString());
  }

  /** POSTs telemetry at QoS 1; a null creation time sends a malformed header. */
  private HttpResponse<String> httpTelemetry(
      String device, String password, Instant created, String payload) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((device + "@plant:" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + platform.ports().http() + "/telemetry"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Basic " + auth)
            .header("Content-Type", "application/json")
            .header("qos-level", "1")
            .header("creation-time", created == null ? "yesterday" : "" + created.toEpochMilli())
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build();
    return Fixtures.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
