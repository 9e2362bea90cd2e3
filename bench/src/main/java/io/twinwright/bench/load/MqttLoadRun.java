package io.twinwright.bench.load;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import io.twinwright.bench.BenchAbort;
import io.twinwright.bench.ExitCode;
import io.twinwright.bench.LoadConfig;
import io.twinwright.bench.health.HealthDelta;
import io.twinwright.bench.health.HealthProbe;
import io.twinwright.bench.health.HealthSnapshot;
import io.twinwright.bench.health.ServerHeap;
import io.twinwright.bench.mqtt.BenchDevice;
import io.twinwright.bench.mqtt.ConnectOutcome;
import io.twinwright.bench.mqtt.DeviceFleet;
import io.twinwright.bench.mqtt.DeviceLogin;
import io.twinwright.bench.pacing.PaceClock;
import io.twinwright.bench.pacing.PaceSchedule;
import io.twinwright.bench.pacing.Pacer;
import io.twinwright.bench.provision.ProvisionResult;
import io.twinwright.bench.provision.Provisioner;
import io.twinwright.bench.report.LoadReport;
import io.twinwright.bench.report.MachineInfo;
import io.twinwright.bench.report.ReportJson;
import io.twinwright.bench.report.ReportPrinter;
import io.twinwright.bench.sse.TwinStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One {@code mqtt-load} run. The calling thread drives the phases in order and only ever waits on
 * bounded futures; publishing happens on a dedicated pacer thread, network I/O on Vert.x and HiveMQ
 * event loops.
 */
public final class MqttLoadRun {
  /** Vendor profile and Thing Model of the simulated devices, as the platform knows them. */
  static final String PROFILE = "nordlys-ens2";

  static final String MODEL = "io.twinwright:environment-sensor:1.0.0";

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FIRST_CONNECT_TIMEOUT = Duration.ofSeconds(25);
  private static final Duration CONNECT_SETTLE = Duration.ofSeconds(30);
  private static final Duration STREAM_OPEN_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PACER_GRACE = Duration.ofSeconds(30);
  private static final Duration DRAIN_POLL = Duration.ofMillis(10);

  private final LoadConfig config;
  private final PrintWriter out;

  public MqttLoadRun(LoadConfig config, PrintWriter out) {
    this.config = Objects.requireNonNull(config, "config");
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Runs to the end and returns the summary, already printed (and written as JSON when asked).
   *
   * @throws BenchAbort when the platform is unreachable or refuses the setup
   */
  public LoadReport run() {
    Instant startedAt = Instant.now();
    MachineInfo machine = MachineInfo.current();
    say(
        "twinwright-bench mqtt-load: %d devices, %.1f msg/s for %.1f s after %.1f s warmup,"
            + " QoS %d on '%s'",
        config.devices(),
        config.rate(),
        config.duration().toNanos() / 1e9,
        config.warmup().toNanos() / 1e9,
        config.qos(),
        config.channel().topic());
    say("machine: %d cores, %s", machine.cores(), machine.jvm());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    WebClient plain =
        WebClient.create(
            vertx,
            new WebClientOptions().setConnectTimeout(5_000),
            new PoolOptions().setHttp1MaxSize(config.provisionConcurrency()));
    // every API request carries the configured credentials
    WebClient web =
        config
            .apiAuthorization()
            .<WebClient>map(
                a ->
                    io.vertx.ext.web.client.WebClientSession.create(plain)
                        .addHeader("Authorization", a))
            .orElse(plain);
    DeviceFleet fleet =
        new DeviceFleet(
            config.mqttHost(), config.mqttPort(), Runtime.getRuntime().availableProcessors());
    TwinStream stream = null;
    try {
      HealthProbe health = new HealthProbe(web, config.apiUrl());
      Optional<HealthSnapshot> before =
          await(
              health.read(),
              HEALTH_TIMEOUT,
              failure ->
                  new BenchAbort(
                      ExitCode.UNREACHABLE,
                      "platform API unreachable at " + health.url() + ": " + describe(failure),
                      failure));
      say("health before: %s", before.map(HealthSnapshot::body).orElse("(not available)"));

      LoadReport.Provisioning provisioning = provision(web);
      List<DeviceLogin> logins = logins();
      Optional<Long> idleHeap = serverHeap(health);
      ConnectOutcome connected = connect(fleet, logins);
      Optional<Long> connectedHeap = serverHeap(health);
      if (idleHeap.isPresent() && connectedHeap.isPresent()) {
        int held = connected.connected().size();
        say(
            "server heap after full GC: %.1f MiB before connecting, %.1f MiB with %d connections"
                + " = %.1f KiB per connection",
            idleHeap.get() / 1048576.0,
            connectedHeap.get() / 1048576.0,
            held,
            (connectedHeap.get() - idleHeap.get()) / 1024.0 / Math.max(1, held));
      }

      List<BenchDevice> devices = connected.connected();
      List<String> sampledIds = sampleThingIds(devices);
      SampleMatcher matcher = new SampleMatcher(sampledIds);
      if (!sampledIds.isEmpty()) {
        stream =
            await(
                TwinStream.open(
                    vertx, config.apiUrl(), config.apiAuthorization(), sampledIds, matcher),
                STREAM_OPEN_TIMEOUT,
                failure ->
                    new BenchAbort(
                        ExitCode.FAILED,
                        "cannot follow twin updates over SSE: " + describe(failure),
                        failure));
        say("following %d sampled twins over SSE", sampledIds.size());
      }

      LoadStats stats = new LoadStats();
      LoadPublisher publisher =
          new LoadPublisher(
              devices, config.channel(), config.qos(), config.warmup(), matcher, stats);
      Pacer pacer = new Pacer(PaceClock.system(), Duration.ofMillis(1));
      PaceSchedule schedule = PaceSchedule.forWindow(config.rate(), config.publishWindow());
      say("publishing %d messages", schedule.total());

      long pacingStart = System.nanoTime();
      long measureStart = pacingStart + config.warmup().toNanos();
      matcher.startMeasuring(measureStart);
      ProgressMonitor progress =
          new ProgressMonitor(
              out,
              config.reportInterval(),
              stats,
              matcher,
              pacingStart,
              config.warmup(),
              config.qos() == 1);
      progress.start();
      CompletableFuture<Long> pacing =
          CompletableFuture.supplyAsync(
              () -> pacer.run(schedule, publisher),
              task -> {
                Thread thread = new Thread(task, "bench-pacer");
                thread.setDaemon(true);
                thread.start();
              });

      parkUntil(measureStart);
      Optional<HealthSnapshot> atMeasureStart = readQuietly(health);
      long publishEnd = waitForPacer(pacer, pacing);
      progress.publishingDone();
      drain(stats, matcher);
      Optional<HealthSnapshot> after = readQuietly(health);
      progress.close();

      double measuredSeconds = Math.max(1e-9, (publishEnd - measureStart) / 1e9);
      LoadReport report =
          new LoadReport(
              startedAt.toString(),
              settings(),
              machine,
              provisioning,
              new LoadReport.Connections(
                  logins.size(),
                  devices.size(),
                  connected.failed(),
                  connected.seconds(),
                  fleet.lostConnections(),
                  connected.failures()),
              new LoadReport.Publishing(
                  stats.sent(),
                  stats.warmupSent(),
                  stats.failed(),
                  stats.acknowledged(),
                  measuredSeconds,
                  stats.sent() / measuredSeconds),
              new LoadReport.Twins(
                  sampledIds.size(),
                  matcher.expected(),
                  matcher.observed(),
                  matcher.matched(),
                  matcher.observed() / measuredSeconds,
                  stream == null ? 0 : stream.undecodableEvents(),
                  stream == null ? 0 : stream.connectionsEndedEarly()),
              matcher.latency().total(),
              stats.ackLatency().total(),
              before.map(HealthSnapshot::body),
              after.map(HealthSnapshot::body),
              atMeasureStart.isPresent() && after.isPresent()
                  ? HealthDelta.between(atMeasureStart.get(), after.get())
                  : HealthDelta.none());
      ReportPrinter.print(report, out);
      config
          .jsonOut()
          .ifPresent(
              file -> {
                try {
                  ReportJson.write(report, file);
                } catch (UncheckedIOException e) {
                  throw new BenchAbort(ExitCode.FAILED, e.getMessage() + ": " + e.getCause(), e);
                }
                say("summary written to %s", file);
              });
      return report;
    } finally {
      if (stream != null) {
        awaitQuietly(stream.close());
      }
      fleet.disconnectAll(DISCONNECT_TIMEOUT);
      web.close();
      awaitQuietly(vertx.close());
    }
  }

  private LoadReport.Provisioning provision(WebClient web) {
    if (!config.provision()) {
      say("provisioning skipped");
      return LoadReport.Provisioning.skipped();
    }
    List<String> ids = new ArrayList<>(config.devices());
    for (int i = 0; i < config.devices(); i++) {
      ids.add(config.deviceId(i));
    }
    Provisioner provisioner =
        new Provisioner(web, config.apiUrl(), config.tenant(), config.password(), PROFILE, MODEL);
    long start = System.nanoTime();
    // generous: a slow registry answering 200 devices/s still finishes 10,000 devices in time
    Duration timeout = Duration.ofSeconds(60).plusMillis(20L * config.devices());
    ProvisionResult result =
        await(
            provisioner.provision(ids, config.provisionConcurrency()),
            timeout,
            failure ->
                new BenchAbort(
                    ExitCode.FAILED, "provisioning did not finish: " + describe(failure), failure));
    say(
        "provisioned %d devices in %.1f s: %d created, %d already existed, %d failed",
        result.total(),
        (System.nanoTime() - start) / 1e9,
        result.created(),
        result.existing(),
        result.failed());
    if (result.failed() > 0) {
      throw new BenchAbort(
          ExitCode.FAILED,
          result.failed()
              + " devices could not be provisioned, first: "
              + String.join("; ", result.failures()));
    }
    return new LoadReport.Provisioning(
        true, result.created(), result.existing(), result.failed(), result.failures());
  }

  private List<DeviceLogin> logins() {
    List<DeviceLogin> logins = new ArrayList<>(config.devices());
    for (int i = 0; i < config.devices(); i++) {
      String deviceId = config.deviceId(i);
      logins.add(
          new DeviceLogin(
              deviceId,
              config.thingId(deviceId),
              config.mqttUsername(deviceId),
              config.password()));
    }
    return logins;
  }

  /**
   * Connects the first device alone, so an unreachable or refusing endpoint is reported once and
   * clearly, then ramps up the rest.
   */
  private ConnectOutcome connect(DeviceFleet fleet, List<DeviceLogin> logins) {
    String endpoint = config.mqttHost() + ":" + config.mqttPort();
    CompletableFuture<BenchDevice> first = fleet.connect(logins.get(0));
    BenchDevice firstDevice;
    try {
      firstDevice = first.get(FIRST_CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Mqtt3ConnAckException) {
        throw new BenchAbort(
            ExitCode.FAILED,
            "MQTT endpoint "
                + endpoint
                + " refused device "
                + logins.get(0).deviceId()
                + ": "
                + describe(cause),
            cause);
      }
      throw new BenchAbort(
          ExitCode.UNREACHABLE,
          "MQTT endpoint unreachable at " + endpoint + ": " + describe(cause),
          cause);
    } catch (TimeoutException e) {
      throw new BenchAbort(
          ExitCode.UNREACHABLE, "MQTT endpoint " + endpoint + " did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchAbort(ExitCode.FAILED, "interrupted while connecting", e);
    }
    ConnectOutcome rest =
        fleet.connectAll(
            logins.subList(1, logins.size()),
            config.connectRate(),
            CONNECT_SETTLE,
            PaceClock.system());
    List<BenchDevice> connected = new ArrayList<>(rest.connected().size() + 1);
    connected.add(firstDevice);
    connected.addAll(rest.connected());
    say(
        "connected %d of %d devices in %.1f s (%d failed)",
        connected.size(), logins.size(), rest.seconds(), rest.failed());
    rest.failures().forEach(failure -> say("  connect failure: %s", failure));
    return new ConnectOutcome(connected, rest.failed(), rest.failures(), rest.seconds());
  }

  /** The platform's heap after a full GC, when its pid was given and it reports its heap. */
  private Optional<Long> serverHeap(HealthProbe health) {
    if (config.serverPid().isEmpty()) {
      return Optional.empty();
    }
    ServerHeap heap = new ServerHeap(config.serverPid().get());
    Optional<String> problem = heap.collect();
    if (problem.isPresent()) {
      say("server heap not measured: %s", problem.get());
      return Optional.empty();
    }
    Optional<Long> used = readQuietly(health).flatMap(ServerHeap::usedBytes);
    if (used.isEmpty()) {
      say("server heap not measured: /health reports no heapUsedBytes");
    }
    return used;
  }

  /** Sampled devices are spread evenly over the fleet rather than taken from its start. */
  private List<String> sampleThingIds(List<BenchDevice> devices) {
    int sample = Math.min(config.sampledDevices(), devices.size());
    List<String> ids = new ArrayList<>(sample);
    for (int k = 0; k < sample; k++) {
      ids.add(devices.get((int) ((long) k * devices.size() / sample)).login().thingId());
    }
    return ids;
  }

  private long waitForPacer(Pacer pacer, CompletableFuture<Long> pacing) {
    Duration limit = config.publishWindow().plus(PACER_GRACE);
    try {
      pacing.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pacer.stop();
      say("publishing overran its window by more than %s and was stopped", PACER_GRACE);
    } catch (ExecutionException e) {
      throw new BenchAbort(
          ExitCode.FAILED, "publishing failed: " + describe(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      pacer.stop();
      Thread.currentThread().interrupt();
    }
    return System.nanoTime();
  }

  /** Waits, at most {@code --drain}, for outstanding acknowledgements and sampled twin updates. */
  private void drain(LoadStats stats, SampleMatcher matcher) {
    long deadline = System.nanoTime() + config.drain().toNanos();
    while (System.nanoTime() < deadline && (stats.inFlight() > 0 || matcher.outstanding() > 0)) {
      LockSupport.parkNanos(DRAIN_POLL.toNanos());
    }
  }

  private Optional<HealthSnapshot> readQuietly(HealthProbe health) {
    try {
      return health
          .read()
          .toCompletionStage()
          .toCompletableFuture()
          .get(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      say("health not readable: %s", describe(e));
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private LoadReport.Settings settings() {
    return new LoadReport.Settings(
        config.mqttHost() + ":" + config.mqttPort(),
        config.apiUrl().toString(),
        config.tenant(),
        config.devices(),
        config.rate(),
        config.duration().toNanos() / 1e9,
        config.warmup().toNanos() / 1e9,
        config.qos(),
        config.channel().topic(),
        config.connectRate(),
        config.sampledDevices());
  }

  private static void parkUntil(long nanos) {
    long remaining;
    while ((remaining = nanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }

  private static <T> T await(
      Future<T> future, Duration timeout, Function<Throwable, BenchAbort> onFailure) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw onFailure.apply(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      throw onFailure.apply(new TimeoutException("no answer within " + timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw onFailure.apply(e);
    }
  }

  private static void awaitQuietly(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // shutting down: nothing left to do about it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
