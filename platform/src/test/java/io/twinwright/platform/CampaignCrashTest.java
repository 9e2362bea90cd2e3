package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firmware campaign survives {@code kill -9} in the middle of a wave. The platform runs in a
 * child JVM; simulated devices take {@code firmware.update} over MQTT and answer with QoS 1
 * progress events, the test choosing when. At the kill the campaign is in its second wave: the
 * canary wave installed, one device of the second wave installed, one whose {@code installed} was
 * acknowledged a moment before the kill (the campaign ticks once a minute in the first child, so
 * its own row still says issued), one half-way (downloading), one offline with its command waiting
 * in the outbox, and the last wave not issued yet. A second child on the same data directory must
 * resume the campaign in the same wave, reflect every acknowledged report, deliver the waiting
 * command when its device reconnects, finish the campaign, and never send a device its update
 * twice.
 */
class CampaignCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READY =
      Pattern.compile("MQTT (\\d+), device HTTP (\\d+), API http://localhost:(\\d+)");
  private static final Pattern CAUGHT_UP =
      Pattern.compile("campaign crash: (\\d+) device reports taken from the twins");
  private static final int DEVICES = 12;
  private static final String UPDATE = "command///req//firmware.update";

  @TempDir Path dataDir;

  /** A platform in a child JVM, killed with SIGKILL. */
  private static final class Child implements AutoCloseable {
    final Process process;
    final int mqttPort;
    final int apiPort;
    final List<String> log = new CopyOnWriteArrayList<>();

    Child(Path dataDir, String rulesTick) throws Exception {
      ProcessBuilder builder = Fixtures.childPlatform(dataDir);
      builder.environment().put("TWINWRIGHT_RULES_TICK", rulesTick);
      process = builder.start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Matcher ready = null;
      String line;
      while ((line = out.readLine()) != null) {
        log.add(line);
        Matcher m = READY.matcher(line);
        if (m.find()) {
          ready = m;
          break;
        }
      }
      assertThat(ready).as("child platform started; its output: %s", log).isNotNull();
      mqttPort = Integer.parseInt(ready.group(1));
      apiPort = Integer.parseInt(ready.group(3));
      Thread drain = new Thread(() -> out.lines().forEach(log::add), "child-output");
      drain.setDaemon(true);
      drain.start();
    }

    HttpResponse<String> http(String method, String path, String body) throws Exception {
      return Fixtures.HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", Fixtures.ADMIN_AUTH)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
      HttpResponse<String> r = http("GET", path, null);
      assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
      return JSON.readTree(r.body());
    }

    /** Polls until the answer satisfies the condition, and returns it. */
    JsonNode await(String path, Predicate<JsonNode> condition, String what) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      JsonNode last = null;
      while (System.nanoTime() < deadline) {
        last = get(path);
        if (condition.test(last)) {
          return last;
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
      throw new AssertionError("never " + what + "; last: " + last);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /**
   * A device that records every command it gets and reports only when the test says. Like a real
   * device it treats an update to the version it already runs as a question: it answers {@code
   * installed} again and does not install twice ({@link #installs}).
   */
  private static final class SimDevice implements AutoCloseable {
    final String name;
    final BlockingQueue<Mqtt3Publish> commands = new LinkedBlockingQueue<>();
    final List<String> received;
    final List<String> acked;
    final List<String> installs;
    volatile String running = "1.0.0";
    final Mqtt3AsyncClient client;

    SimDevice(int mqttPort, String name, Map<String, List<String>> journal) throws Exception {
      this.name = name;
      this.received =
          journal.computeIfAbsent(name + " received", k -> new CopyOnWriteArrayList<>());
      this.acked = journal.computeIfAbsent(name + " acked", k -> new CopyOnWriteArrayList<>());
      this.installs =
          journal.computeIfAbsent(name + " installs", k -> new CopyOnWriteArrayList<>());
      if (!installs.isEmpty()) {
        running = installs.get(installs.size() - 1);
      }
      client =
          MqttClient.builder()
              .useMqttVersion3()
              .identifier("crash-" + name + "-" + System.nanoTime())
              .serverHost("127.0.0.1")
              .serverPort(mqttPort)
              .buildAsync();
      client
          .connectWith()
          .simpleAuth()
          .username(name + "@crash")
          .password(("pw-" + name).getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth()
          .send()
          .get(10, TimeUnit.SECONDS);
      client
          .subscribeWith()
          .topicFilter("command///req/#")
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(
              c -> {
                received.add(c.getTopic().toString());
                commands.add(c);
              })
          .send()
          .get(10, TimeUnit.SECONDS);
    }

    /** Waits for the next firmware update and returns the version it asks for. */
    String awaitUpdate() throws Exception {
      Mqtt3Publish c = commands.poll(60, TimeUnit.SECONDS);
      assertThat(c).as("%s got a command", name).isNotNull();
      assertThat(c.getTopic().toString()).isEqualTo(UPDATE);
      return JSON.readTree(c.getPayloadAsBytes()).path("version").asText();
    }

    /** Publishes a progress event and returns once the platform acknowledged it (PUBACK). */
    void report(String state, String version) throws Exception {
      client
          .publishWith()
          .topic("event")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(
              ("{\"firmware\":{\"state\":\"" + state + "\",\"version\":\"" + version + "\"}}")
                  .getBytes(StandardCharsets.UTF_8))
          .send()
          .get(20, TimeUnit.SECONDS);
      acked.add(state);
    }

    /** The whole update, each report acknowledged before the next. */
    void update(String version) throws Exception {
      if (version.equals(running)) {
        report("installed", running);
        return;
      }
      report("downloading", running);
      finish(version);
    }

    /** The rest of an update whose download was reported already. */
    void finish(String version) throws Exception {
      report("installing", running);
      installs.add(version);
      running = version;
      report("installed", version);
    }

    @Override
    public void close() {
      try {
        client.disconnect().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the platform was killed under it: nothing to release
      }
    }
  }

  @Test
  void a_campaign_killed_mid_wave_resumes_loses_no_acknowledged_report_and_sends_nothing_twice()
      throws Exception {
    Map<String, List<String>> journal = new ConcurrentHashMap<>();
    Map<String, SimDevice> devices = new LinkedHashMap<>();
    Map<String, String> stateAtKill = new LinkedHashMap<>();
    String offline;
    String installedJustBeforeKill;
    String halfWay;
    List<String> lastWave;
    int waveAtKill;

    try (Child first = new Child(dataDir, "PT60S")) {
      for (int d = 0; d < DEVICES; d++) {
        String name = "fw" + d;
        provision(first, name);
        SimDevice device = new SimDevice(first.mqttPort, name, journal);
        device.report("installed", "1.0.0");
        devices.put("crash:" + name, device);
      }
      first.await(
          "/api/2/search/things/count?filter=eq(features/firmware/properties/version,%221.0.0%22)",
          n -> n.asInt() == DEVICES, "every device reported 1.0.0");
      assertThat(
              first
                  .http(
                      "POST",
                      "/api/2/firmware/artifacts",
                      "{\"version\":\"2.0.0\",\"url\":\"https://fw.example/2.0.0.bin\","
                          + "\"sha256\":\""
                          + "d".repeat(64)
                          + "\",\"size\":4096}")
                  .statusCode())
          .isEqualTo(201);
      assertThat(
              first
                  .http(
                      "POST",
                      "/api/2/campaigns",
                      "{\"id\":\"crash\",\"artifact\":\"2.0.0\","
                          + "\"filter\":\"exists(features/firmware)\",\"waves\":[{\"count\":2},"
                          + "{\"count\":4},{\"rest\":true}],\"successThreshold\":100,"
                          + "\"rateLimit\":1000,\"deviceTimeout\":\"PT10M\"}")
                  .statusCode())
          .isEqualTo(201);
      var started = first.http("POST", "/api/2/campaigns/crash/start", null);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      first.await(
          "/api/2/campaigns/crash",
          c -> c.path("status").asText().equals("running"),
          "the campaign has drawn its devices");

      Map<Integer, List<String>> waves = new LinkedHashMap<>();
      for (JsonNode d : first.get("/api/2/campaigns/crash/devices")) {
        waves
            .computeIfAbsent(d.path("wave").asInt(), w -> new ArrayList<>())
            .add(d.path("thingId").asText());
      }
      assertThat(waves.keySet()).containsExactly(1, 2, 3);
      List<String> second = waves.get(2);
      lastWave = waves.get(3);
      assertThat(second).hasSize(4);
      // one device of the second wave is offline when its command is issued
      offline = second.get(3);
      devices.remove(offline).close();

      for (String canary : waves.get(1)) {
        SimDevice d = devices.get(canary);
        d.update(d.awaitUpdate());
      }
      first.await(
          "/api/2/campaigns/crash",
          c -> c.path("currentWave").asInt() == 2,
          "the second wave started");

      SimDevice installed = devices.get(second.get(0));
      installed.update(installed.awaitUpdate());
      halfWay = second.get(1);
      SimDevice downloading = devices.get(halfWay);
      assertThat(downloading.awaitUpdate()).isEqualTo("2.0.0");
      downloading.report("downloading", "1.0.0");
      first.await(
          "/api/2/campaigns/crash/devices?status=installed",
          l -> l.size() == 3,
          "the campaign saw the installed devices");
      // the last report is acknowledged a moment before the kill: the campaign has no tick in
      // between to write it into its own rows
      installedJustBeforeKill = second.get(2);
      SimDevice last = devices.get(installedJustBeforeKill);
      last.update(last.awaitUpdate());
      first.kill();
      waveAtKill = 2;
      for (String thing : waves.get(1)) {
        stateAtKill.put(thing, "installed");
      }
      stateAtKill.put(second.get(0), "installed");
      stateAtKill.put(halfWay, "downloading");
      stateAtKill.put(installedJustBeforeKill, "installed");
      stateAtKill.put(offline, "issued");
      devices.values().forEach(SimDevice::close);
      devices.clear();
    }

    try (Child second = new Child(dataDir, "PT0.5S")) {
      JsonNode resumed = second.get("/api/2/campaigns/crash");
      assertThat(resumed.path("status").asText()).isEqualTo("running");
      assertThat(resumed.path("currentWave").asInt()).isEqualTo(waveAtKill);
      Map<String, String> statusAfter = new LinkedHashMap<>();
      for (JsonNode d : second.get("/api/2/campaigns/crash/devices")) {
        statusAfter.put(d.path("thingId").asText(), d.path("status").asText());
      }
      stateAtKill.forEach(
          (thing, state) ->
              assertThat(statusAfter.get(thing))
                  .as("%s was acknowledged as %s before the kill", thing, state)
                  .isEqualTo(state));
      for (String thing : lastWave) {
        assertThat(statusAfter.get(thing)).as("%s of the last wave", thing).isEqualTo("pending");
      }
      assertThat(
              second.log.stream()
                  .map(CAUGHT_UP::matcher)
                  .filter(Matcher::find)
                  .mapToInt(m -> Integer.parseInt(m.group(1)))
                  .sum())
          .as("the report acknowledged just before the kill came from the twin")
          .isPositive();

      // every device comes back; those still owed a command get it now
      for (int d = 0; d < DEVICES; d++) {
        devices.put("crash:fw" + d, new SimDevice(second.mqttPort, "fw" + d, journal));
      }
      SimDevice late = devices.get(offline);
      late.update(late.awaitUpdate());
      devices.get(halfWay).finish("2.0.0");
      second.await(
          "/api/2/campaigns/crash",
          c -> c.path("currentWave").asInt() == 3,
          "the last wave started");
      for (String thing : lastWave) {
        SimDevice d = devices.get(thing);
        d.update(d.awaitUpdate());
      }
      second.await(
          "/api/2/campaigns/crash",
          c -> c.path("status").asText().equals("completed"),
          "the campaign completed");
      JsonNode distribution = second.get("/api/2/firmware/distribution");
      assertThat(distribution.toString()).contains("\"2.0.0\":" + DEVICES);

      for (int d = 0; d < DEVICES; d++) {
        String name = "fw" + d;
        assertThat(journal.get(name + " received"))
            .as("%s got its update exactly once, across the kill", name)
            .containsExactly(UPDATE);
        assertThat(journal.get(name + " installs")).as("%s installed once", name).hasSize(1);
        List<String> acked = journal.get(name + " acked");
        assertThat(acked.get(acked.size() - 1)).isEqualTo("installed");
      }
      // nothing is delivered late either: a redelivered command would show here
      for (SimDevice d : devices.values()) {
        assertThat(d.commands.poll(200, TimeUnit.MILLISECONDS)).as(d.name).isNull();
      }
      devices.values().forEach(SimDevice::close);
    }
  }

  private static void provision(Child p, String device) throws Exception {
    var created =
        p.http(
            "POST",
            "/v1/devices/crash/" + device,
            "{\"enabled\":true,\"ext\":{\"profile\":\"acme-th100\","
                + "\"model\":\"io.twinwright:environment-sensor:1.0.0\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var creds =
        p.http(
            "PUT",
            "/v1/credentials/crash/" + device,
            "[{\"type\":\"hashed-password\",\"auth-id\":\""
                + device
                + "\",\"secrets\":[{\"pwd-plain\":\"pw-"
                + device
                + "\"}]}]");
    assertThat(creds.statusCode()).as(creds.body()).isEqualTo(204);
  }
}
