package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.twinwright.platform.config.ConfigKey;
import io.twinwright.rules.Alert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;

  @Test
  void twins_registry_and_alerts_survive_a_restart_on_the_same_data_directory() throws Exception {
    Platform first = Platform.start(Fixtures.config(dataDir, Map.of()));
    try {
      Fixtures.provision(first, "site", "s1", "nordlys-ens2", "pw-s1");
      Fixtures.provision(first, "site", "s2", "nordlys-ens2", "pw-s2");
      // 50 °C is over the model's 45 °C alarm
      sendEvent(first, "s1", "{\"t\": 5000}");
      awaitActiveAlert(first, "site:s1", Duration.ofSeconds(15));
    } finally {
      first.close();
    }
    // the first start compiled the device packs and the campaign pack and kept both
    Map<Path, Object> cached = rulesCache();
    assertThat(cached).hasSize(2);

    Platform second = Platform.start(Fixtures.config(dataDir, Map.of()));
    try {
      // the rules read their cached packs back while the platform already serves: a reading sent
      // at once queues for them and is still judged
      sendEvent(second, "s2", "{\"t\": 5200}");
      JsonNode health = JSON.readTree(Fixtures.http(second, "GET", "/health", null).body());
      assertThat(health.at("/status").asText()).isEqualTo("UP");
      assertThat(health.at("/components/rules").asText()).isIn("starting", "up");
      awaitActiveAlert(second, "site:s2", Duration.ofSeconds(30));
      assertThat(second.alerts().list(Optional.of("site:s2"), Optional.of(Alert.State.ACTIVE)))
          .extracting(Alert::code)
          .contains("overheating");
      health = JSON.readTree(Fixtures.http(second, "GET", "/health", null).body());
      assertThat(health.at("/components/rules").asText()).isEqualTo("up");
      assertThat(health.at("/components/campaigns").asText()).isEqualTo("up");

      var r = Fixtures.http(second, "GET", "/api/2/things/site:s1", null);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode thing = JSON.readTree(r.body());
      assertThat(thing.at("/features/temperature/properties/value").asDouble()).isEqualTo(50.0);

      var alerts =
          JSON.readTree(Fixtures.http(second, "GET", "/api/2/alerts?thingId=site:s1", null).body());
      assertThat(alerts.toString()).contains("overheating");

      // the registry kept the device and its (hashed) password: it can log in again
      Mqtt3BlockingClient again = connect(second, "s1@site", "pw-s1");
      assertThat(again.getState().isConnected()).isTrue();
      again.disconnect();
      var device = Fixtures.http(second, "GET", "/v1/devices/site/s1", null);
      assertThat(device.statusCode()).isEqualTo(200);
      assertThat(device.body()).contains("nordlys-ens2");
      // the second start read both packs back: the same files, not compiled and written again
      assertThat(rulesCache()).isEqualTo(cached);
    } finally {
      second.close();
    }
  }

  @Test
  void a_rule_pack_that_does_not_compile_still_stops_the_start(@TempDir Path content)
      throws Exception {
    Path rules = Files.createDirectories(content.resolve("rules"));
    Files.writeString(
        rules.resolve("site.drl"),
        "package site.rules;\n\nrule \"broken\" when NoSuchFact() then end\n");
    // the packs compile while the platform comes up; the start waits for them before it returns
    assertThatThrownBy(
            () ->
                Platform.start(
                    Fixtures.config(dataDir, Map.of(ConfigKey.CONTENT_DIR, content.toString()))))
        .hasMessageContaining("site.drl");

    // nothing was left running: a start with the pack mended works on the same data directory
    Files.writeString(rules.resolve("site.drl"), "package site.rules;\n");
    Platform mended =
        Platform.start(Fixtures.config(dataDir, Map.of(ConfigKey.CONTENT_DIR, content.toString())));
    try {
      assertThat(Fixtures.http(mended, "GET", "/health", null).statusCode()).isEqualTo(200);
    } finally {
      mended.close();
    }
  }

  /** A device of tenant {@code site} (password {@code pw-<device>}) sends one QoS 1 event. */
  private static void sendEvent(Platform p, String device, String json) {
    Mqtt3BlockingClient client = connect(p, device + "@site", "pw-" + device);
    client
        .publishWith()
        .topic("event")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(json.getBytes(StandardCharsets.UTF_8))
        .send();
    client.disconnect();
  }

  private static void awaitActiveAlert(Platform p, String thingId, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (p.alerts().list(Optional.of(thingId), Optional.of(Alert.State.ACTIVE)).isEmpty()
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** The files of the compiled-pack cache, each with its inode. */
  private Map<Path, Object> rulesCache() throws IOException {
    Map<Path, Object> files = new HashMap<>();
    try (Stream<Path> listing = Files.list(dataDir.resolve("rules-cache"))) {
      for (Path file : listing.toList()) {
        files.put(file, Files.readAttributes(file, "unix:ino").get("ino"));
      }
    }
    return files;
  }

  private static Mqtt3BlockingClient connect(Platform p, String user, String password) {
    Mqtt3BlockingClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("restart-" + System.nanoTime())
            .serverHost("127.0.0.1")
            .serverPort(p.ports().mqtt())
            .buildBlocking();
    client
        .connectWith()
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    return client;
  }
}
