package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.twinwright.platform.config.ConfigKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message acknowledged to a device is never lost, even when the process is killed with SIGKILL:
 * the platform runs in a child JVM, devices publish QoS 1 events with increasing values, the child
 * is killed mid-stream, and a platform restarted on the same data directory must hold, for every
 * device, at least the last value that was PUBACKed.
 */
class CrashDurabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READY =
      Pattern.compile("MQTT (\\d+), device HTTP (\\d+), API http://localhost:(\\d+)");
  private static final int DEVICES = 20;

  @TempDir Path dataDir;

  @Test
  void every_pubacked_event_survives_kill_minus_9() throws Exception {
    ProcessBuilder builder = Fixtures.childPlatform(dataDir);
    // The devices below publish every 5 ms, over the default device rate limit (100/s). Refused
    // messages count as flooding for the security rules, and a device quarantined that way could
    // not log in again after the restart. This test is about durability, so the limit is lifted.
    builder.environment().put(ConfigKey.DEVICE_RATE_LIMIT.envVar(), "100000");
    Process child = builder.start();
    int mqttPort;
    int apiPort;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Matcher ready = null;
      String line;
      while ((line = out.readLine()) != null) {
        Matcher m = READY.matcher(line);
        if (m.find()) {
          ready = m;
          break;
        }
      }
      assertThat(ready).as("child platform started").isNotNull();
      mqttPort = Integer.parseInt(ready.group(1));
      apiPort = Integer.parseInt(ready.group(3));
      Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "child-output");
      drain.setDaemon(true);
      drain.start();

      for (int d = 0; d < DEVICES; d++) {
        provision(apiPort, "dev" + d);
      }
      List<Mqtt3AsyncClient> clients = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        Mqtt3AsyncClient c =
            MqttClient.builder()
                .useMqttVersion3()
                .identifier("crash-" + d)
                .serverHost("127.0.0.1")
                .serverPort(mqttPort)
                .buildAsync();
        c.connectWith()
            .simpleAuth()
            .username("dev" + d + "@crash")
            .password(("pw-" + d).getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .send()
            .get(10, TimeUnit.SECONDS);
        clients.add(c);
      }

      // each device publishes 1, 2, 3, ... (as centi-degrees) without waiting for PUBACKs
      AtomicIntegerArray lastAcked = new AtomicIntegerArray(DEVICES);
      AtomicLong acked = new AtomicLong();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      int value = 0;
      List<CompletableFuture<?>> inFlight = new ArrayList<>();
      // at most 600 messages a device: the security pack quarantines a device sending more than
      // 1,000 in 10 s (refused or not), and a quarantined device could not log in again after the
      // restart
      while ((System.nanoTime() < deadline || acked.get() < 500) && value < 600) {
        value++;
        for (int d = 0; d < DEVICES; d++) {
          int device = d;
          int v = value;
          inFlight.add(
              clients
                  .get(d)
                  .publishWith()
                  .topic("event")
                  .qos(MqttQos.AT_LEAST_ONCE)
                  .payload(("{\"t\": " + v + "}").getBytes(StandardCharsets.UTF_8))
                  .send()
                  .thenRun(
                      () -> {
                        lastAcked.accumulateAndGet(device, v, Math::max);
                        acked.incrementAndGet();
                      }));
        }
        TimeUnit.MILLISECONDS.sleep(5);
        if (System.nanoTime() > deadline + TimeUnit.SECONDS.toNanos(20)) {
          break;
        }
      }
      // on a loaded machine the cap can be reached before the first PUBACK: wait for one, so the
      // kill below lands while acknowledgements are streaming back and others are in flight
      long firstAck = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acked.get() == 0 && System.nanoTime() < firstAck) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      // kill -9 while messages are still in flight
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertThat(acked.get()).as("some events were acknowledged before the kill").isGreaterThan(0);
      clients.forEach(c -> c.disconnect().exceptionally(e -> null));

      int[] acknowledged = new int[DEVICES];
      for (int d = 0; d < DEVICES; d++) {
        acknowledged[d] = lastAcked.get(d);
      }

      Platform restarted =
          Platform.start(Fixtures.config(dataDir, Map.of(ConfigKey.RULES_TICK, "PT1S")));
      try {
        for (int d = 0; d < DEVICES; d++) {
          var r = Fixtures.http(restarted, "GET", "/api/2/things/crash:dev" + d, null);
          assertThat(r.statusCode()).as("twin of dev" + d + " after restart").isEqualTo(200);
          JsonNode thing = JSON.readTree(r.body());
          double stored = thing.at("/features/temperature/properties/value").asDouble();
          assertThat(Math.round(stored * 100))
              .as("dev%d holds at least its last PUBACKed value %d", d, acknowledged[d])
              .isGreaterThanOrEqualTo(acknowledged[d]);
        }
        // the registry survived the kill too: the same credentials still log in
        Mqtt3AsyncClient again =
            MqttClient.builder()
                .useMqttVersion3()
                .serverHost("127.0.0.1")
                .serverPort(restarted.ports().mqtt())
                .buildAsync();
        again
            .connectWith()
            .simpleAuth()
            .username("dev0@crash")
            .password("pw-0".getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .send()
            .get(10, TimeUnit.SECONDS);
        again.disconnect().get(5, TimeUnit.SECONDS);
      } finally {
        restarted.close();
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static void provision(int apiPort, String device) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + apiPort;
    var created =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/v1/devices/crash/" + device))
                .header("Content-Type", "application/json")
                .header("Authorization", Fixtures.ADMIN_AUTH)
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"ext\":{\"profile\":\"nordlys-ens2\"}}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    var creds =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/v1/credentials/crash/" + device))
                .header("Content-Type", "application/json")
                .header("Authorization", Fixtures.ADMIN_AUTH)
                .PUT(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "[{\"type\":\"hashed-password\",\"auth-id\":\""
                            + device
                            + "\",\"secrets\":[{\"pwd-plain\":\"pw-"
                            + device.substring(3)
                            + "\"}]}]"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(creds.statusCode()).isEqualTo(204);
  }
}
