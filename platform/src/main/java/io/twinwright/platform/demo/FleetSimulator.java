package io.twinwright.platform.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinwright.platform.demo.SimulatedDevice.Behaviour;
import io.twinwright.platform.demo.SimulatedDevice.Vendor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives a simulated fleet against a running platform exactly as real devices and operators would:
 * devices are provisioned through the Hono management API over HTTP, each with its own password,
 * then connect over MQTT and publish telemetry in their vendor's format. A few misbehave on
 * purpose: one overheats, one goes silent, and one has its password brute-forced by an attacker.
 *
 * <p>The well-behaved devices also report their firmware and take firmware commands: they subscribe
 * to {@code command///req/#}, answer {@code firmware.update} with progress events (downloading,
 * installing, installed) and {@code firmware.rollback} with {@code rolled-back}. The demo's
 * campaign is made to fail in its second wave: the simulator picks that wave's devices of one
 * vendor (read from the campaign API once the waves are drawn) and has them report {@code failed},
 * so the platform aborts the campaign and rolls the updated devices back.
 */
public final class FleetSimulator implements AutoCloseable {
  static final String TENANT = "demo";
  static final String MODEL = "io.twinwright:environment-sensor:1.0.0";

  private final String mqttHost;
  private final int mqttPort;
  private final URI api;
  private final Duration reportInterval;
  private final PrintStream out;
  private final java.util.Optional<String> authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread t = new Thread(r, "demo-fleet");
            t.setDaemon(true);
            return t;
          });
  private final List<SimulatedDevice> fleet;
  private final Map<String, Mqtt3AsyncClient> clients = new ConcurrentHashMap<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final AtomicLong startMillis = new AtomicLong();
  private final List<String> events = new ArrayList<>();

  /** The demo campaign, its image and the version the fleet runs before it. */
  public static final String CAMPAIGN = "fw-2.1";

  static final String OLD_FIRMWARE = "2.0.3";
  static final String NEW_FIRMWARE = "2.1.0";
  static final Vendor FAILING_VENDOR = Vendor.KELVINIX;

  private final Map<String, String> firmware = new ConcurrentHashMap<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final LongAdder updatesReceived = new LongAdder();
  private final LongAdder rollbacksReceived = new LongAdder();

  public FleetSimulator(
      String mqttHost,
      int mqttPort,
      URI api,
      int devices,
      Duration reportInterval,
      PrintStream out,
      java.util.Optional<String> authorization) {
    this.authorization = authorization;
    this.mqttHost = mqttHost;
    this.mqttPort = mqttPort;
    this.api = api;
    this.reportInterval = reportInterval;
    this.out = out;
    this.fleet = buildFleet(devices);
  }

  private static List<SimulatedDevice> buildFleet(int devices) {
    SecureRandom random = new SecureRandom();
    List<SimulatedDevice> list = new ArrayList<>(devices);
    Vendor[] vendors = Vendor.values();
    for (int i = 0; i < devices; i++) {
      Vendor vendor = vendors[i % vendors.length];
      Behaviour behaviour =
          switch (i) {
            case 0 -> Behaviour.OVERHEATS;
            case 1 -> Behaviour.GOES_SILENT;
            case 2 -> Behaviour.BRUTE_FORCED;
            default -> Behaviour.NORMAL;
          };
      String name =
          switch (behaviour) {
            case OVERHEATS -> "hot-";
            case GOES_SILENT -> "quiet-";
            case BRUTE_FORCED -> "target-";
            case NORMAL -> "";
          };
      byte[] secret = new byte[12];
      random.nextBytes(secret);
      list.add(
          new SimulatedDevice(
              String.format("%s-%s%04d", vendor.name().toLowerCase(java.util.Locale.ROOT), name, i),
              vendor,
              Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
              behaviour,
              19 + random.nextDouble() * 5));
    }
    return List.copyOf(list);
  }

  /** A well-behaved device of the fleet, for the example commands. */
  public String sampleDeviceId() {
    return fleet.get(Math.min(3, fleet.size() - 1)).deviceId();
  }

  public long published() {
    return published.sum();
  }

  public long publishFailures() {
    return publishFailures.sum();
  }

  /** What happened to the misbehaving devices, as the simulator observed it. */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  private synchronized void note(String event) {
    events.add(event);
  }

  static final String CHILLER_MODEL = "io.twinwright:chiller:1.0.0";
  static final int CHILLERS = 10;

  /**
   * Registers the assets (chillers in two buildings) and every device with its credentials through
   * the management API, and relates each sensor to its chiller through twin attributes, so the
   * semantic graph can answer questions across the fleet.
   */
  public void provision() throws InterruptedException {
    Semaphore inFlight = new Semaphore(32);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int c = 0; c < CHILLERS; c++) {
      String chiller = chillerId(c);
      String building = c % 2 == 0 ? "building A" : "building B";
      inFlight.acquire();
      all.add(
          send(
                  "POST",
                  "/v1/devices/" + TENANT + "/" + chiller,
                  "{\"ext\":{\"model\":\"" + CHILLER_MODEL + "\"}}",
                  201,
                  409)
              .thenCompose(
                  r ->
                      send(
                          "PUT",
                          "/api/2/things/" + TENANT + ":" + chiller + "/attributes/relations",
                          "{\"locatedIn\":\"" + building + "\"}",
                          201,
                          204))
              .whenComplete((r, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    all.clear();
    for (int index = 0; index < fleet.size(); index++) {
      SimulatedDevice d = fleet.get(index);
      String chiller = chillerId(index);
      inFlight.acquire();
      String registration =
          "{\"enabled\":true,\"ext\":{\"profile\":\""
              + d.vendor().profile
              + "\",\"model\":\""
              + MODEL
              + "\"}}";
      String credentials =
          "[{\"type\":\"hashed-password\",\"auth-id\":\""
              + d.deviceId()
              + "\",\"secrets\":[{\"pwd-plain\":\""
              + d.password()
              + "\"}]}]";
      CompletableFuture<?> f =
          send("POST", "/v1/devices/" + TENANT + "/" + d.deviceId(), registration, 201, 409)
              .thenCompose(
                  r ->
                      send(
                          "PUT",
                          "/v1/credentials/" + TENANT + "/" + d.deviceId(),
                          credentials,
                          204))
              .thenCompose(
                  r ->
                      send(
                          "PUT",
                          "/api/2/things/" + TENANT + ":" + d.deviceId() + "/attributes/relations",
                          "{\"partOf\":\"" + TENANT + ":" + chiller + "\"}",
                          201,
                          204))
              .whenComplete((r, e) -> inFlight.release());
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  private static String chillerId(int i) {
    return String.format("chiller-%02d", i % CHILLERS);
  }

  private CompletableFuture<HttpResponse<String>> send(
      String method, String path, String body, int... expected) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(api.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    authorization.ifPresent(a -> builder.header("Authorization", a));
    HttpRequest request = builder.build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              for (int code : expected) {
                if (r.statusCode() == code) {
                  return r;
                }
              }
              throw new IllegalStateException(
                  method + " " + path + " -> " + r.statusCode() + " " + r.body());
            });
  }

  /** Connects every device over MQTT, at most {@code perSecond} new connections a second. */
  public void connectAll(int perSecond) throws InterruptedException {
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long pause = Math.max(1, 1000 / Math.max(1, perSecond));
    for (SimulatedDevice d : fleet) {
      pending.add(connect(d));
      Thread.sleep(pause);
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
  }

  private CompletableFuture<?> connect(SimulatedDevice d) {
    Mqtt3AsyncClient client = newClient(d.deviceId());
    CompletableFuture<?> connected =
        client
            .connectWith()
            .simpleAuth()
            .username(d.deviceId() + "@" + TENANT)
            .password(d.password().getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .keepAlive(60)
            .send()
            .thenAccept(ack -> clients.put(d.deviceId(), client));
    if (d.behaviour() != Behaviour.NORMAL) {
      // the misbehaving devices are an older model that does not report its firmware, so no
      // campaign selects them
      return connected;
    }
    return connected
        .thenCompose(
            ack ->
                client
                    .subscribeWith()
                    .topicFilter("command///req/#")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(command -> onCommand(d, command))
                    .send())
        .thenCompose(
            sub ->
                reportFirmware(
                    d, "installed", firmware.computeIfAbsent(d.deviceId(), k -> OLD_FIRMWARE), ""));
  }

  /** A device's answer to a firmware command: progress events, a moment apart as a flash takes. */
  private void onCommand(SimulatedDevice d, Mqtt3Publish command) {
    String topic = command.getTopic().toString();
    JsonObject payload;
    try {
      payload = new JsonObject(new String(command.getPayloadAsBytes(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      note(d.deviceId() + ": unreadable command on " + topic);
      return;
    }
    String current = firmware.getOrDefault(d.deviceId(), OLD_FIRMWARE);
    if (topic.equals("command///req//firmware.update")) {
      updatesReceived.increment();
      String target = payload.getString("version", NEW_FIRMWARE);
      later(300, () -> reportFirmware(d, "downloading", current, ""));
      later(700, () -> reportFirmware(d, "installing", current, ""));
      later(
          1200,
          () -> {
            if (failing.contains(d.deviceId())) {
              return reportFirmware(d, "failed", current, "flash verification failed");
            }
            firmware.put(d.deviceId(), target);
            return reportFirmware(d, "installed", target, "");
          });
    } else if (topic.equals("command///req//firmware.rollback")) {
      rollbacksReceived.increment();
      String back = payload.getString("version", OLD_FIRMWARE);
      later(
          400,
          () -> {
            firmware.put(d.deviceId(), back);
            return reportFirmware(d, "rolled-back", back, "");
          });
    }
  }

  private void later(long millis, java.util.function.Supplier<CompletableFuture<?>> step) {
    timer.schedule(() -> step.get(), millis, TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<?> reportFirmware(
      SimulatedDevice d, String state, String version, String reason) {
    Mqtt3AsyncClient client = clients.get(d.deviceId());
    if (client == null || !client.getState().isConnected()) {
      return CompletableFuture.completedFuture(null);
    }
    JsonObject firmwareReport = new JsonObject().put("state", state).put("version", version);
    if (!reason.isEmpty()) {
      firmwareReport.put("reason", reason);
    }
    return client
        .publishWith()
        .topic("event")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(
            new JsonObject()
                .put("firmware", firmwareReport)
                .encode()
                .getBytes(StandardCharsets.UTF_8))
        .send()
        .whenComplete(
            (r, e) -> {
              if (e == null) {
                published.increment();
              } else {
                publishFailures.increment();
              }
            });
  }

  /**
   * Runs the demo campaign as an operator would, over the API, {@code delay} from now: registers
   * the {@value #NEW_FIRMWARE} image, creates a three-wave campaign over every device that reports
   * its firmware, starts it, and then makes the second wave's {@link #FAILING_VENDOR} devices fail
   * their install (or one device of that wave, if it has none of them).
   */
  public void startCampaign(Duration delay) {
    timer.schedule(this::runCampaign, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runCampaign() {
    String artifact =
        new JsonObject()
            .put("version", NEW_FIRMWARE)
            .put("url", "https://firmware.example/env-sensor/" + NEW_FIRMWARE + ".bin")
            .put("sha256", "5e".repeat(32))
            .put("size", 524_288)
            .encode();
    String campaign =
        new JsonObject()
            .put("id", CAMPAIGN)
            .put("name", "environment sensors to " + NEW_FIRMWARE)
            .put("artifact", NEW_FIRMWARE)
            .put("filter", "exists(features/firmware)")
            .put("namespaces", new JsonArray().add(TENANT))
            .put(
                "waves",
                new JsonArray()
                    .add(new JsonObject().put("percent", 5))
                    .add(new JsonObject().put("percent", 20))
                    .add(new JsonObject().put("rest", true)))
            .put("successThreshold", 90)
            .put("errorThreshold", 10)
            .put("deviceTimeout", "PT2M")
            .put("rateLimit", 100)
            .encode();
    send("POST", "/api/2/firmware/artifacts", artifact, 201, 409)
        .thenCompose(r -> send("POST", "/api/2/campaigns", campaign, 201, 409))
        .thenCompose(r -> send("POST", "/api/2/campaigns/" + CAMPAIGN + "/start", "", 202, 409))
        .thenCompose(r -> awaitDrawn(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)))
        .thenCompose(r -> send("GET", "/api/2/campaigns/" + CAMPAIGN + "/devices", "", 200))
        .thenAccept(r -> chooseFailing(new JsonArray(r.body())))
        .exceptionally(
            e -> {
              note(CAMPAIGN + ": could not be run: " + e.getMessage());
              return null;
            });
  }

  /**
   * The start is answered while the campaign draws its devices into waves: polls the campaign until
   * it is past {@code starting}, or fails at the deadline.
   */
  private CompletableFuture<?> awaitDrawn(long deadlineNanos) {
    return send("GET", "/api/2/campaigns/" + CAMPAIGN, "", 200)
        .thenCompose(
            r -> {
              String status = new JsonObject(r.body()).getString("status");
              if (!"starting".equals(status)) {
                return CompletableFuture.completedFuture(r);
              }
              if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("still drawing its devices after a minute");
              }
              CompletableFuture<Object> next = new CompletableFuture<>();
              timer.schedule(
                  () ->
                      awaitDrawn(deadlineNanos)
                          .whenComplete(
                              (v, e) -> {
                                if (e != null) {
                                  next.completeExceptionally(e);
                                } else {
                                  next.complete(v);
                                }
                              }),
                  200,
                  TimeUnit.MILLISECONDS);
              return next;
            });
  }

  private void chooseFailing(JsonArray devices) {
    List<String> secondWave = new ArrayList<>();
    for (Object o : devices) {
      JsonObject d = (JsonObject) o;
      if (d.getInteger("wave", 0) == 2) {
        secondWave.add(d.getString("thingId").substring(TENANT.length() + 1));
      }
    }
    String prefix = FAILING_VENDOR.name().toLowerCase(java.util.Locale.ROOT) + "-";
    List<String> chosen = secondWave.stream().filter(id -> id.startsWith(prefix)).toList();
    if (chosen.isEmpty() && !secondWave.isEmpty()) {
      chosen = List.of(secondWave.get(0));
    }
    failing.addAll(chosen);
    note(
        CAMPAIGN
            + ": "
            + chosen.size()
            + " device(s) of wave 2 ("
            + (chosen.isEmpty() || chosen.get(0).startsWith(prefix) ? prefix + "*" : chosen.get(0))
            + ") made to fail their install on purpose");
  }

  /** Firmware commands the devices received over MQTT: updates and rollbacks. */
  public long updatesReceived() {
    return updatesReceived.sum();
  }

  public long rollbacksReceived() {
    return rollbacksReceived.sum();
  }

  private Mqtt3AsyncClient newClient(String id) {
    return MqttClient.builder()
        .useMqttVersion3()
        .identifier(id + "-" + System.nanoTime())
        .serverHost(mqttHost)
        .serverPort(mqttPort)
        .buildAsync();
  }

  /** Starts telemetry: every device reports once per report interval, staggered. */
  public void startTelemetry() {
    startMillis.set(System.currentTimeMillis());
    long periodMs = reportInterval.toMillis();
    for (int i = 0; i < fleet.size(); i++) {
      SimulatedDevice d = fleet.get(i);
      long offset = (periodMs * i) / fleet.size();
      timer.scheduleAtFixedRate(() -> report(d), offset, periodMs, TimeUnit.MILLISECONDS);
    }
    SimulatedDevice target =
        fleet.stream()
            .filter(d -> d.behaviour() == Behaviour.BRUTE_FORCED)
            .findFirst()
            .orElse(null);
    if (target != null) {
      timer.schedule(() -> bruteForce(target, 0), 8, TimeUnit.SECONDS);
    }
  }

  private double elapsedSeconds() {
    return (System.currentTimeMillis() - startMillis.get()) / 1000.0;
  }

  private void report(SimulatedDevice d) {
    double t = elapsedSeconds();
    if (d.behaviour() == Behaviour.GOES_SILENT && t > 5) {
      return;
    }
    Mqtt3AsyncClient client = clients.get(d.deviceId());
    if (client == null || !client.getState().isConnected()) {
      return;
    }
    double celsius = d.baseCelsius() + Math.sin(t / 30 + d.deviceId().hashCode()) * 0.5;
    if (d.behaviour() == Behaviour.OVERHEATS && t > 5) {
      celsius = Math.min(70, d.baseCelsius() + (t - 5) * 2.5);
    }
    double humidity = 40 + (d.deviceId().hashCode() & 0xf);
    double battery = Math.max(5, 100 - t / 60);
    String payload = d.payload(celsius, humidity, battery, System.currentTimeMillis());
    client
        .publishWith()
        .topic("telemetry")
        .qos(MqttQos.AT_MOST_ONCE)
        .payload(payload.getBytes(StandardCharsets.UTF_8))
        .send()
        .whenComplete(
            (r, e) -> {
              if (e == null) {
                published.increment();
              } else {
                publishFailures.increment();
              }
            });
  }

  /**
   * An attacker guesses the target's password from another connection, once every 400 ms; once the
   * platform has quarantined the device, the real device's right password is refused too.
   */
  private void bruteForce(SimulatedDevice target, int attempt) {
    if (attempt >= 10) {
      verifyQuarantine(target);
      return;
    }
    Mqtt3AsyncClient attacker = newClient("attacker");
    attacker
        .connectWith()
        .simpleAuth()
        .username(target.deviceId() + "@" + TENANT)
        .password(("guess-" + attempt).getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .whenComplete(
            (ack, e) -> {
              if (e == null) {
                attacker.disconnect();
              }
              timer.schedule(() -> bruteForce(target, attempt + 1), 400, TimeUnit.MILLISECONDS);
            });
  }

  private void verifyQuarantine(SimulatedDevice target) {
    Mqtt3AsyncClient retry = newClient(target.deviceId());
    retry
        .connectWith()
        .simpleAuth()
        .username(target.deviceId() + "@" + TENANT)
        .password(target.password().getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .whenComplete(
            (ack, e) -> {
              if (e instanceof Mqtt3ConnAckException refused
                  || e != null && e.getCause() instanceof Mqtt3ConnAckException) {
                Mqtt3ConnAckException c =
                    e instanceof Mqtt3ConnAckException x ? x : (Mqtt3ConnAckException) e.getCause();
                note(
                    target.deviceId()
                        + ": after 10 wrong guesses, its right password is refused ("
                        + c.getMqttMessage().getReturnCode()
                        + ")");
              } else if (e == null) {
                note(target.deviceId() + ": NOT quarantined, the right password still connects");
                retry.disconnect();
              } else {
                note(target.deviceId() + ": reconnect failed: " + e);
              }
            });
  }

  /** Number of devices whose MQTT connection is up, as the devices see it. */
  public long connected() {
    return clients.values().stream().filter(c -> c.getState().isConnected()).count();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    List<CompletableFuture<?>> closing = new ArrayList<>();
    for (Mqtt3AsyncClient c : clients.values()) {
      if (c.getState().isConnected()) {
        closing.add(c.disconnect().exceptionally(e -> null));
      }
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the platform cleans up connections that drop
    }
  }
}
