package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign through the real platform with nothing played by the test: artifact and campaign over
 * the HTTP API, {@code firmware.update} commands delivered by the durable outbox over MQTT to
 * simulated devices that answer with progress events through the real pipeline, waves advancing, an
 * offline device that gets its command when it reconnects, and a kill-and-restart in the middle
 * after which the campaign resumes from the store and completes.
 */
class CampaignEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;

  /** A device that takes firmware commands and reports its progress as events, as a real one. */
  private static final class SimDevice implements AutoCloseable {
    final String name;
    final BlockingQueue<Mqtt3Publish> commands = new LinkedBlockingQueue<>();
    final Mqtt3AsyncClient client;
    private final Map<String, List<String>> log;

    /**
     * @param log every command topic any device received, by device, across restarts
     */
    SimDevice(Platform p, String name, Map<String, List<String>> log) throws Exception {
      this.name = name;
      this.log = log;
      client =
          MqttClient.builder()
              .useMqttVersion3()
              .identifier("campaign-" + name + "-" + System.nanoTime())
              .serverHost("127.0.0.1")
              .serverPort(p.ports().mqtt())
              .buildAsync();
      client
          .connectWith()
          .simpleAuth()
          .username(name + "@site")
          .password(("pw-" + name).getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth()
          .send()
          .get(10, TimeUnit.SECONDS);
      client
          .subscribeWith()
          .topicFilter("command///req/#")
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(this::onCommand)
          .send()
          .get(10, TimeUnit.SECONDS);
    }

    private void onCommand(Mqtt3Publish command) {
      log.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
          .add(command.getTopic().toString());
      commands.add(command);
      if (!command.getTopic().toString().equals("command///req//firmware.update")) {
        return;
      }
      // on the client's own thread: send without waiting, HiveMQ keeps the order
      try {
        JsonNode payload = JSON.readTree(command.getPayloadAsBytes());
        publish("downloading", "1.0.0");
        publish("installing", "1.0.0");
        publish("installed", payload.path("version").asText());
      } catch (IOException e) {
        publish("failed", "1.0.0");
      }
    }

    void report(String state, String version) throws Exception {
      publish(state, version).get(10, TimeUnit.SECONDS);
    }

    private java.util.concurrent.CompletableFuture<?> publish(String state, String version) {
      return client
          .publishWith()
          .topic("event")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(
              ("{\"firmware\":{\"state\":\"" + state + "\",\"version\":\"" + version + "\"}}")
                  .getBytes(StandardCharsets.UTF_8))
          .send();
    }

    @Override
    public void close() {
      try {
        client.disconnect().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // already gone (the platform closed first): nothing to release
      }
    }
  }

  @Test
  void a_campaign_is_delivered_over_mqtt_reaches_an_offline_device_and_survives_a_restart()
      throws Exception {
    List<SimDevice> online = new ArrayList<>();
    Map<String, List<String>> log = new ConcurrentHashMap<>();
    Platform first = Platform.start(Fixtures.config(dataDir, Map.of()));
    try {
      for (String name : List.of("fw0", "fw1", "fw2")) {
        Fixtures.provision(first, "site", name, "acme-th100", "pw-" + name);
        SimDevice d = new SimDevice(first, name, log);
        d.report("installed", "1.0.0");
        online.add(d);
      }
      awaitHttp(
          first,
          "/api/2/search/things/count?filter=eq(features/firmware/properties/version,%221.0.0%22)",
          "3");
      // fw2 goes offline before the campaign starts
      online.remove(2).close();

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
      assertThat(started.statusCode()).isEqualTo(202);
      assertThat(started.headers().firstValue("Location")).hasValue("/api/2/campaigns/e2e");
      // accepted while the devices are drawn; three are drawn at once, so it may already run
      assertThat(JSON.readTree(started.body()).path("status").asText()).isIn("starting", "running");
      assertThat(Fixtures.http(first, "POST", "/api/2/campaigns/e2e/start", null).statusCode())
          .isEqualTo(409);
      awaitHttp(first, "/api/2/campaigns/e2e", "\"status\":\"running\"");

      // whichever wave the offline device is in, the online ones finish and it stays issued
      JsonNode issued = awaitIssuedOnly(first, "site:fw2");
      assertThat(issued.size()).isEqualTo(1);
      JsonNode installed =
          JSON.readTree(
              Fixtures.http(first, "GET", "/api/2/campaigns/e2e/devices?status=installed", null)
                  .body());
      for (JsonNode d : installed) {
        SimDevice device =
            online.stream()
                .filter(s -> d.path("thingId").asText().equals("site:" + s.name))
                .findFirst()
                .orElseThrow();
        Mqtt3Publish command = device.commands.poll(1, TimeUnit.SECONDS);
        assertThat(command).isNotNull();
        assertThat(command.getTopic().toString()).isEqualTo("command///req//firmware.update");
        JsonNode payload = JSON.readTree(command.getPayloadAsBytes());
        assertThat(payload.path("version").asText()).isEqualTo("2.0.0");
        assertThat(payload.path("url").asText()).isEqualTo("https://fw.example/2.0.0.bin");
        assertThat(payload.path("campaign").asText()).isEqualTo("e2e");
      }
      JsonNode twin =
          JSON.readTree(Fixtures.http(first, "GET", "/api/2/things/site:fw2", null).body());
      assertThat(twin.at("/features/firmware/desiredProperties/version").asText())
          .as("the target is in the twin of a device that has not got it yet")
          .isEqualTo("2.0.0");
      assertThat(first.commands().pending()).as("fw2's command waits in the outbox").isEqualTo(1);
    } finally {
      for (SimDevice d : online) {
        d.close();
      }
      online.clear();
      first.close();
    }

    // the kill: a new platform on the same data dir
    Platform second = Platform.start(Fixtures.config(dataDir, Map.of()));
    try {
      JsonNode resumed =
          JSON.readTree(Fixtures.http(second, "GET", "/api/2/campaigns/e2e", null).body());
      assertThat(resumed.path("status").asText()).isEqualTo("running");
      assertThat(second.commands().pending()).isEqualTo(1);
      for (String name : List.of("fw0", "fw1", "fw2")) {
        online.add(new SimDevice(second, name, log));
      }
      awaitHttp(second, "/api/2/campaigns/e2e", "\"status\":\"completed\"");
      Mqtt3Publish late = online.get(2).commands.poll(10, TimeUnit.SECONDS);
      assertThat(late).as("the offline device got its update on reconnecting").isNotNull();
      assertThat(late.getTopic().toString()).isEqualTo("command///req//firmware.update");
      for (String name : List.of("fw0", "fw1", "fw2")) {
        assertThat(log.get(name))
            .as("%s got its update once, across the restart", name)
            .containsExactly("command///req//firmware.update");
      }
      JsonNode distribution =
          JSON.readTree(Fixtures.http(second, "GET", "/api/2/firmware/distribution", null).body());
      assertThat(distribution.toString()).contains("\"2.0.0\":3");
      assertThat(second.commands().pending()).isZero();
    } finally {
      for (SimDevice d : online) {
        d.close();
      }
      second.close();
    }
  }

  /** Waits until the only device still updating is {@code thingId}, and returns that list. */
  private static JsonNode awaitIssuedOnly(Platform p, String thingId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode issued = JSON.createArrayNode();
    while (System.nanoTime() < deadline) {
      issued =
          JSON.readTree(
              Fixtures.http(p, "GET", "/api/2/campaigns/e2e/devices?status=issued", null).body());
      JsonNode installed =
          JSON.readTree(
              Fixtures.http(p, "GET", "/api/2/campaigns/e2e/devices?status=installed", null)
                  .body());
      boolean canaryOnly = installed.size() == 0;
      if (issued.size() == 1
          && issued.get(0).path("thingId").asText().equals(thingId)
          && (canaryOnly || installed.size() == 2)) {
        return issued;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("never only " + thingId + " issued; last: " + issued);
  }

  private static void awaitHttp(Platform p, String path, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
}
