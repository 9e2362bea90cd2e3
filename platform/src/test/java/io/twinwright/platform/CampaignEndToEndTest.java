package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.twinwright.platform.campaigns.FirmwareCommand;
import io.twinwright.platform.campaigns.FirmwareCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign through the real platform: artifact and campaign over the HTTP API, devices over MQTT
 * reporting progress as events through the real pipeline, waves advancing, and a kill-and-restart
 * in the middle that resumes the campaign. The command port is the test's: it plays the delivery
 * side (the durable outbox is bound by the integrator), handing each command to the MQTT device it
 * names.
 */
class CampaignEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;

  record Received(String thingId, FirmwareCommand command) {}

  private static FirmwareCommands port(BlockingQueue<Received> inbox) {
    return (device, command, expires) -> {
      inbox.add(new Received(device.thingId(), command));
      return CompletableFuture.completedFuture(null);
    };
  }

  @Test
  void a_campaign_advances_over_mqtt_and_resumes_after_a_restart() throws Exception {
    BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    Map<String, Mqtt3BlockingClient> devices = new HashMap<>();
    Platform first = Platform.start(Fixtures.config(dataDir, Map.of()), Optional.of(port(inbox)));
    try {
      for (int i = 0; i < 3; i++) {
        String name = "fw" + i;
        Fixtures.provision(first, "site", name, "acme-th100", "pw-" + name);
        Mqtt3BlockingClient c = connect(first, name + "@site", "pw-" + name);
        devices.put("site:" + name, c);
        report(c, "installed", "1.0.0");
      }
      awaitHttp(
          first,
          "/api/2/search/things/count?filter=eq(features/firmware/properties/version,%221.0.0%22)",
          "3");

      var artifact =
          Fixtures.http(
              first,
              "POST",
              "/api/2/firmware/artifacts",
              "{\"version\":\"2.0.0\",\"url\":\"https://fw.example/2.0.0.bin\",\"sha256\":\""
                  + "c".repeat(64)
                  + "\",\"size\":4096}");
      assertThat(artifact.statusCode()).isEqualTo(201);
      var invalid =
          Fixtures.http(
              first, "POST", "/api/2/campaigns", "{\"artifact\":\"2.0.0\",\"filter\":\"eq(\"}");
      assertThat(invalid.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(invalid.body()).path("error").asText())
          .isEqualTo("campaigns:spec.invalid");
      var created =
          Fixtures.http(
              first,
              "POST",
              "/api/2/campaigns",
              "{\"id\":\"e2e\",\"artifact\":\"2.0.0\",\"filter\":\"exists(features/firmware)\","
                  + "\"waves\":[{\"count\":1},{\"rest\":true}],\"successThreshold\":100}");
      assertThat(created.statusCode()).isEqualTo(201);
      var started = Fixtures.http(first, "POST", "/api/2/campaigns/e2e/start", null);
      assertThat(started.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(started.body()).path("status").asText()).isEqualTo("running");
      assertThat(Fixtures.http(first, "POST", "/api/2/campaigns/e2e/start", null).statusCode())
          .isEqualTo(409);

      Received canary = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(canary).isNotNull();
      assertThat(canary.command().name()).isEqualTo("firmware.update");
      Mqtt3BlockingClient device = devices.get(canary.thingId());
      report(device, "downloading", "1.0.0");
      report(device, "installed", "2.0.0");

      // the canary's success starts the second wave: two more commands
      Received second = inbox.poll(15, TimeUnit.SECONDS);
      Received third = inbox.poll(15, TimeUnit.SECONDS);
      assertThat(second).isNotNull();
      assertThat(third).isNotNull();
      JsonNode campaign =
          JSON.readTree(Fixtures.http(first, "GET", "/api/2/campaigns/e2e", null).body());
      assertThat(campaign.path("currentWave").asInt()).isEqualTo(2);
      report(devices.get(second.thingId()), "installed", "2.0.0");
      awaitHttp(first, "/api/2/campaigns/e2e/devices?status=installed", second.thingId());
    } finally {
      devices.values().forEach(Mqtt3BlockingClient::disconnect);
      devices.clear();
      first.close();
    }

    BlockingQueue<Received> afterRestart = new LinkedBlockingQueue<>();
    Platform second =
        Platform.start(Fixtures.config(dataDir, Map.of()), Optional.of(port(afterRestart)));
    try {
      JsonNode resumed =
          JSON.readTree(Fixtures.http(second, "GET", "/api/2/campaigns/e2e", null).body());
      assertThat(resumed.path("status").asText()).isEqualTo("running");
      assertThat(resumed.path("currentWave").asInt()).isEqualTo(2);
      JsonNode issued =
          JSON.readTree(
              Fixtures.http(second, "GET", "/api/2/campaigns/e2e/devices?status=issued", null)
                  .body());
      assertThat(issued.size())
          .as("the device still updating is waited for, not re-sent")
          .isEqualTo(1);
      String last = issued.get(0).path("thingId").asText();
      String name = last.substring("site:".length());
      Mqtt3BlockingClient c = connect(second, name + "@site", "pw-" + name);
      report(c, "installed", "2.0.0");
      c.disconnect();
      awaitHttp(second, "/api/2/campaigns/e2e", "\"status\":\"completed\"");
      assertThat(afterRestart).isEmpty();
      JsonNode distribution =
          JSON.readTree(Fixtures.http(second, "GET", "/api/2/firmware/distribution", null).body());
      assertThat(distribution.toString()).contains("\"2.0.0\":3");
    } finally {
      second.close();
    }
  }

  private static void report(Mqtt3BlockingClient c, String state, String version) {
    c.publishWith()
        .topic("event")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(
            ("{\"firmware\":{\"state\":\"" + state + "\",\"version\":\"" + version + "\"}}")
                .getBytes(StandardCharsets.UTF_8))
        .send();
  }

  private static void awaitHttp(Platform p, String path, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = Fixtures.http(p, "GET", path, null).body();
      if (body.contains(expected)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError(path + " never contained " + expected + "; last: " + body);
  }

  private static Mqtt3BlockingClient connect(Platform p, String user, String password) {
    Mqtt3BlockingClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("campaign-" + System.nanoTime())
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
