package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinwright.platform.wiring.PlatformActions;
import io.twinwright.rules.DesiredPropertiesRequest;
import io.twinwright.twin.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desired properties declared through the API or by a rule reach an MQTT device as {@code
 * desired.update} commands, and the delta endpoint follows the device's reports into sync.
 */
class DesiredStateEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMAND_TOPIC = "command///req//desired.update";

  @TempDir Path dataDir;
  private Platform platform;

  @BeforeEach
  void start() {
    platform = Platform.start(Fixtures.config(dataDir, Map.of()));
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void desired_state_put_through_the_api_reaches_the_device_until_it_reports_it() throws Exception {
    Fixtures.provision(platform, "site", "s1", "acme-th100", "pw-s1");
    BlockingQueue<Mqtt3Publish> received = new LinkedBlockingQueue<>();
    Mqtt3AsyncClient device = connect("s1@site", "pw-s1", received);
    try {
      publish(device, "{\"temp_f\": 71.6, \"rh\": 30}");
      awaitJson(
          "/api/2/things/site:s1", t -> t.at("/features/humidity/properties/value").isNumber());

      var put =
          Fixtures.http(
              platform,
              "PUT",
              "/api/2/things/site:s1/features/humidity/desiredProperties",
              "{\"value\": 40.5}");
      assertThat(put.statusCode()).as(put.body()).isIn(201, 204);

      Mqtt3Publish command = received.poll(10, TimeUnit.SECONDS);
      assertThat(command).isNotNull();
      assertThat(command.getTopic().toString()).isEqualTo(COMMAND_TOPIC);
      assertThat(JSON.readTree(command.getPayloadAsBytes()))
          .isEqualTo(JSON.readTree("{\"features\":{\"humidity\":{\"value\":40.5}}}"));

      JsonNode before = json("/api/2/things/site:s1/delta");
      assertThat(before.at("/inSync").asBoolean()).isFalse();
      assertThat(before.at("/features/humidity/value/desired").asDouble()).isEqualTo(40.5);
      assertThat(before.at("/features/humidity/value/reported").asDouble()).isEqualTo(30.0);

      // the device applies it and reports the new value
      publish(device, "{\"rh\": 40.5}");
      JsonNode after = awaitJson("/api/2/things/site:s1/delta", d -> d.at("/inSync").asBoolean());
      assertThat(after.at("/features").size()).isZero();
      assertThat(json("/api/2/delta?namespaces=site").at("/items").size()).isZero();

      // in sync: nothing more is sent
      assertThat(received.poll(1500, TimeUnit.MILLISECONDS)).isNull();
      assertThat(platform.commands().pending(DeviceId.of("site", "s1"))).isZero();
    } finally {
      device.disconnect();
    }
  }

  @Test
  void an_offline_device_gets_only_the_latest_desired_state_when_it_connects() throws Exception {
    Fixtures.provision(platform, "site", "s2", "acme-th100", "pw-s2");
    var put =
        Fixtures.http(
            platform,
            "PUT",
            "/api/2/things/site:s2/features/humidity",
            "{\"desiredProperties\":{\"value\":40}}");
    assertThat(put.statusCode()).as(put.body()).isIn(201, 204);
    DeviceId s2 = DeviceId.of("site", "s2");
    awaitPending(s2);

    // a rule declares a newer target for the same twin: it supersedes the waiting command
    PlatformActions actions =
        new PlatformActions(
            null, null, d -> 0, platform.twins(), w -> {}, platform.commands(), Clock.systemUTC());
    actions.setDesiredProperties(
        new DesiredPropertiesRequest(
            "site:s2", "humidity", Map.of("value", 55), Map.of("why", "test")));
    JsonNode twin =
        awaitJson(
            "/api/2/things/site:s2",
            t -> t.at("/features/humidity/desiredProperties/value").asInt() == 55);
    assertThat(twin.at("/features/humidity/desiredProperties/value").asInt()).isEqualTo(55);
    JsonNode delta = awaitJson("/api/2/delta?namespaces=site", d -> d.at("/items").size() == 1);
    assertThat(delta.at("/items/0/thingId").asText()).isEqualTo("site:s2");

    BlockingQueue<Mqtt3Publish> received = new LinkedBlockingQueue<>();
    Mqtt3AsyncClient device = connect("s2@site", "pw-s2", received);
    try {
      Mqtt3Publish command = received.poll(10, TimeUnit.SECONDS);
      assertThat(command).isNotNull();
      assertThat(command.getTopic().toString()).isEqualTo(COMMAND_TOPIC);
      assertThat(JSON.readTree(command.getPayloadAsBytes()))
          .isEqualTo(JSON.readTree("{\"features\":{\"humidity\":{\"value\":55}}}"));
      assertThat(received.poll(1500, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      device.disconnect();
    }
  }

  @Test
  void firmware_and_platform_features_are_not_reconciled() throws Exception {
    Fixtures.provision(platform, "site", "s3", "acme-th100", "pw-s3");
    var put =
        Fixtures.http(
            platform,
            "PUT",
            "/api/2/things/site:s3/features/firmware",
            "{\"desiredProperties\":{\"version\":\"2.0\"}}");
    assertThat(put.statusCode()).as(put.body()).isIn(201, 204);
    // the delta shows it, but campaigns own firmware commands
    JsonNode delta = json("/api/2/things/site:s3/delta");
    assertThat(delta.at("/features/firmware/version/desired").asText()).isEqualTo("2.0");
    var marker =
        Fixtures.http(
            platform,
            "PUT",
            "/api/2/things/site:s3/features/humidity",
            "{\"desiredProperties\":{\"value\":12}}");
    assertThat(marker.statusCode()).as(marker.body()).isIn(201, 204);
    awaitPending(DeviceId.of("site", "s3"));

    BlockingQueue<Mqtt3Publish> received = new LinkedBlockingQueue<>();
    Mqtt3AsyncClient device = connect("s3@site", "pw-s3", received);
    try {
      Mqtt3Publish command = received.poll(10, TimeUnit.SECONDS);
      assertThat(command).isNotNull();
      assertThat(JSON.readTree(command.getPayloadAsBytes()))
          .isEqualTo(JSON.readTree("{\"features\":{\"humidity\":{\"value\":12}}}"));
      assertThat(received.poll(1000, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      device.disconnect();
    }
  }

  private void awaitPending(DeviceId device) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (platform.commands().pending(device) == 0) {
      assertThat(Instant.now()).as("a command is queued for " + device).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private JsonNode json(String path) throws Exception {
    var r = Fixtures.http(platform, "GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Polls the path until the condition holds, failing after a deadline. */
  private JsonNode awaitJson(String path, Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      var r = Fixtures.http(platform, "GET", path, null);
      if (r.statusCode() == 200) {
        JsonNode node = JSON.readTree(r.body());
        if (condition.test(node)) {
          return node;
        }
        assertThat(Instant.now()).as(path + ": " + r.body()).isBefore(deadline);
      } else {
        assertThat(Instant.now()).as(path + ": " + r.body()).isBefore(deadline);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private void publish(Mqtt3AsyncClient device, String payload) throws Exception {
    device
        .publishWith()
        .topic("telemetry")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload.getBytes(StandardCharsets.UTF_8))
        .send()
        .get(5, TimeUnit.SECONDS);
  }

  private Mqtt3AsyncClient connect(String user, String password, BlockingQueue<Mqtt3Publish> into)
      throws Exception {
    Mqtt3AsyncClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("desired-" + System.nanoTime())
            .serverHost("127.0.0.1")
            .serverPort(platform.ports().mqtt())
            .buildAsync();
    client
        .connectWith()
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .get(10, TimeUnit.SECONDS);
    client
        .subscribeWith()
        .topicFilter("command///req/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(into::add)
        .send()
        .get(5, TimeUnit.SECONDS);
    return client;
  }
}
