package io.twinwright.platform.cli;

import io.twinwright.api.ApiSecurity;
import io.twinwright.platform.Platform;
import io.twinwright.platform.PlatformStats;
import io.twinwright.platform.config.ConfigKey;
import io.twinwright.platform.config.PlatformConfig;
import io.twinwright.platform.demo.FleetSimulator;
import io.twinwright.rules.Alert;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code twinwright demo}: the embedded platform with a simulated multi-vendor fleet, showing
 * twins, alerts, a quarantine and the live pipeline figures.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded platform with a simulated fleet over real MQTT.",
      "Devices of three vendors stream telemetry; one overheats, one goes silent, one has its",
      "password brute-forced and is quarantined. A firmware campaign runs over MQTT commands;",
      "its second wave fails on purpose, so it is aborted and the updated devices rolled back.",
      "Runs until Ctrl-C or --duration."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String DEMO_USER = "demo";

  @Mixin PlatformOptions options = new PlatformOptions();

  @Option(
      names = "--devices",
      defaultValue = "500",
      description = "fleet size (default: ${DEFAULT-VALUE})")
  int devices;

  @Option(
      names = "--duration",
      description = "stop after this long, e.g. 90s or 5m (default: run until Ctrl-C)",
      converter = DurationConverter.class)
  Duration duration;

  @Option(
      names = "--interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "how often each device reports (default: ${DEFAULT-VALUE})")
  Duration interval;

  @Override
  public Integer call() throws Exception {
    if (devices < 3) {
      System.err.println("--devices must be at least 3 (the demo needs its misbehaving devices)");
      return 2;
    }
    PrintStream out = System.out;
    Map<ConfigKey, String> demo = new EnumMap<>(ConfigKey.class);
    if (options.dataDir == null) {
      demo.put(ConfigKey.DATA_DIR, Files.createTempDirectory("twinwright-demo").toString());
    }
    if (options.host == null) {
      demo.put(ConfigKey.HOST, "127.0.0.1");
    }
    PlatformConfig config = options.resolve(demo);
    config =
        config.withPorts(
            freeOr(config.host(), config.mqttPort()),
            freeOr(config.host(), config.httpPort()),
            freeOr(config.host(), config.apiPort()));
    config =
        config.withCoapPorts(
            freeUdpOr(config.host(), config.coapPort()),
            freeUdpOr(config.host(), config.coapsPort()));

    Optional<String> demoPassword = Optional.empty();
    if (config.apiAuthRequired()) {
      // the demo's own administrator, next to whatever users are configured
      String password =
          java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(new java.security.SecureRandom().generateSeed(12));
      List<String> lines = new ArrayList<>();
      if (config.apiUsers().isPresent()) {
        lines.addAll(Files.readAllLines(config.apiUsers().get()));
      }
      lines.add(ApiSecurity.hashLine(DEMO_USER, password, ApiSecurity.ALL_TENANTS, true));
      Files.createDirectories(config.dataDir());
      Path users = config.dataDir().resolve("demo-api-users.txt");
      Files.write(users, lines);
      config = config.withApiUsers(users);
      demoPassword = Optional.of(password);
    }

    out.println("Starting the embedded platform (data in " + config.dataDir() + ") ...");
    Platform platform;
    try {
      platform = Platform.start(config);
    } catch (RuntimeException e) {
      System.err.println("twinwright: cannot start: " + ServeCommand.rootMessage(e));
      return 1;
    }
    Platform.Ports ports = platform.ports();
    out.printf(
        "Platform up: MQTT localhost:%d, device HTTP localhost:%d, API http://localhost:%d%n",
        ports.mqtt(), ports.http(), ports.api());
    demoPassword.ifPresent(
        pw ->
            out.printf(
                "API user (administrator, all tenants): %s / %s  (curl -u %s:%s ...)%n",
                DEMO_USER, pw, DEMO_USER, pw));
    String curl =
        demoPassword.map(pw -> "curl -u " + DEMO_USER + ":" + pw + " -s").orElse("curl -s");
    Optional<String> authorization =
        demoPassword.map(
            pw ->
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(
                            (DEMO_USER + ":" + pw)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    URI api = URI.create("http://127.0.0.1:" + ports.api() + "/");
    FleetSimulator fleet =
        new FleetSimulator("127.0.0.1", ports.mqtt(), api, devices, interval, out, authorization);
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              if (stopping.compareAndSet(false, true)) {
                finish(platform, fleet, api, out, curl);
              }
              done.countDown();
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    out.printf("Provisioning %d devices over the management API ...%n", devices);
    fleet.provision();
    out.printf("Connecting %d devices over MQTT ...%n", devices);
    fleet.connectAll(250);
    fleet.startTelemetry();
    fleet.startCampaign(Duration.ofSeconds(4));
    printExplore(out, api, fleet.sampleDeviceId(), curl);
    out.println(
        "Streaming telemetry. Watch: one device overheats (~15s), one goes silent, one is"
            + " brute-forced and quarantined (~10s); campaign "
            + FleetSimulator.CAMPAIGN
            + " starts (~4s), its wave 2 fails and the updated devices are rolled back.");

    long start = System.nanoTime();
    long lastAccepted = platform.stats().messagesAccepted();
    long lastTick = start;
    boolean tty = System.console() != null;
    int ticks = 0;
    while (!stopping.get()) {
      TimeUnit.SECONDS.sleep(1);
      if (stopping.get()) {
        break;
      }
      PlatformStats s = platform.stats();
      long now = System.nanoTime();
      double rate = (s.messagesAccepted() - lastAccepted) * 1e9 / (now - lastTick);
      lastAccepted = s.messagesAccepted();
      lastTick = now;
      String line =
          String.format(
                  Locale.ROOT,
                  "[%4ds] online %d/%d | %,.0f msg/s | twins updated %,d | alerts %d | quarantined %d",
                  (now - start) / 1_000_000_000L,
                  s.connections(),
                  devices,
                  rate,
                  s.twinUpdates(),
                  s.openAlerts(),
                  s.quarantined())
              + campaignProgress(platform);
      ticks++;
      if (tty) {
        out.print("\r" + line + "   ");
      } else if (ticks % 5 == 0) {
        out.println(line);
      }
      if (duration != null && now - start >= duration.toNanos()) {
        break;
      }
    }
    if (stopping.compareAndSet(false, true)) {
      finish(platform, fleet, api, out, curl);
      Runtime.getRuntime().removeShutdownHook(hook);
    } else {
      done.await(30, TimeUnit.SECONDS);
    }
    return 0;
  }

  private static void finish(
      Platform platform, FleetSimulator fleet, URI api, PrintStream out, String curl) {
    PlatformStats s = platform.stats();
    List<Alert> open = platform.alerts().list(Optional.empty(), Optional.of(Alert.State.ACTIVE));
    out.println();
    out.println();
    out.println("=== Twinwright demo summary ===");
    out.printf(
        "devices %d | messages accepted %,d (rejected %,d) | twins %d updated %,d times%n",
        s.devices(), s.messagesAccepted(), s.messagesRejected(), s.twins(), s.twinUpdates());
    out.printf("open alerts %d, quarantined devices %d%n", s.openAlerts(), s.quarantined());
    for (Alert a : open) {
      out.printf("  %-8s %-17s %-30s %s%n", a.severity(), a.code(), a.thingId(), a.message());
    }
    for (String e : fleet.events()) {
      out.println("  " + e);
    }
    platform
        .campaigns()
        .campaign(FleetSimulator.CAMPAIGN)
        .ifPresent(
            c ->
                out.printf(
                    "campaign %s (firmware %s): %s in wave %d/%d%s | installed %d, failed %d,"
                        + " rolled back %d | commands over MQTT: %d firmware.update, %d"
                        + " firmware.rollback%n",
                    c.spec().id(),
                    c.artifact().version(),
                    c.status().name().toLowerCase(Locale.ROOT),
                    c.currentWave() + 1,
                    c.waves().size(),
                    c.reason().isEmpty() ? "" : " (" + c.reason() + ")",
                    c.count("installed"),
                    c.count("failed"),
                    c.count("rolled_back"),
                    fleet.updatesReceived(),
                    fleet.rollbacksReceived()));
    out.println();
    printExplore(out, api, fleet.sampleDeviceId(), curl);
    fleet.close();
    platform.close();
  }

  private static void printExplore(PrintStream out, URI api, String some, String curl) {
    out.println("Explore (while it runs):");
    out.printf("  %s %sapi/2/things/demo:%s%n", curl, api, some);
    out.printf(
        "  %s '%sapi/2/search/things?filter=gt(features/temperature/properties/value,40)'%n",
        curl, api);
    out.printf("  %s '%sapi/2/alerts?state=active'%n", curl, api);
    out.printf(
        "  %s -N -H 'Accept: text/event-stream' '%sapi/2/things?ids=demo:%s'%n", curl, api, some);
    out.printf("  %s %sapi/2/campaigns/%s%n", curl, api, FleetSimulator.CAMPAIGN);
    out.printf(
        "  %s '%sapi/2/campaigns/%s/devices?status=rolled-back'%n",
        curl, api, FleetSimulator.CAMPAIGN);
    out.printf("  curl -s %shealth%n", api);
    out.printf(
        "  %s %sapi/2/sparql/demo --data-urlencode 'query=PREFIX tw: <https://twinwright.io/ns#>"
            + " PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?sensor ?t WHERE {"
            + " ?s tw:partOf ?c ; tw:thingId ?sensor ; tw:temperature ?t . ?c a tw:Chiller ;"
            + " tw:locatedIn/rdfs:label \"building A\" . FILTER(?t > 40) }'%n",
        curl, api);
  }

  /** {@code | campaign fw-2.1: wave 2/3 aborted, 12 rolled back}, or nothing before it exists. */
  private static String campaignProgress(Platform platform) {
    return platform
        .campaigns()
        .campaign(FleetSimulator.CAMPAIGN)
        .map(
            c -> {
              String status = c.status().name().toLowerCase(Locale.ROOT);
              int rolledBack = c.count("rolled_back");
              String detail =
                  rolledBack > 0 || c.count("rolling_back") > 0
                      ? rolledBack + " rolled back"
                      : c.count("installed") + " installed";
              if (c.count("failed") > 0) {
                detail += ", " + c.count("failed") + " failed";
              }
              return String.format(
                  Locale.ROOT,
                  " | campaign %s: wave %d/%d %s, %s",
                  c.spec().id(),
                  c.currentWave() + 1,
                  c.waves().size(),
                  status,
                  detail);
            })
        .orElse("");
  }

  /** The configured port if it is free (or 0), else 0 so the platform picks a free one. */
  private static int freeUdpOr(String host, int port) {
    if (port == 0) {
      return 0;
    }
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(null)) {
      s.bind(new InetSocketAddress(host, port));
      return port;
    } catch (IOException e) {
      return 0;
    }
  }

  private static int freeOr(String host, int port) {
    if (port == 0) {
      return 0;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
      return port;
    } catch (IOException e) {
      return 0;
    }
  }
}
