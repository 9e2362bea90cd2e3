package io.twinwright.bench.proto;

import io.twinwright.bench.BenchAbort;
import io.twinwright.bench.ExitCode;
import io.twinwright.bench.ProtoLoadConfig;
import io.twinwright.bench.payload.TemperatureCodec;
import io.twinwright.bench.provision.ProvisionResult;
import io.twinwright.bench.provision.Provisioner;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Provisions the fleet, then keeps {@code inFlight} telemetry requests outstanding: each completed
 * request immediately sends the next one, round robin over the devices, until the window closes.
 * Only responses to requests sent after the warmup count.
 */
public final class ProtoLoadRun {
  /** Vendor profile and Thing Model of the simulated devices, as in {@code mqtt-load}. */
  static final String PROFILE = "nordlys-ens2";

  static final String MODEL = "io.twinwright:environment-sensor:1.0.0";

  private final ProtoLoadConfig config;
  private final PrintWriter out;

  public ProtoLoadRun(ProtoLoadConfig config, PrintWriter out) {
    this.config = config;
    this.out = out;
  }

  public ProtoLoadResult run() {
    say(
        "%s-load: %d devices, %d in flight, %s warmup + %s to %s:%d%s",
        config.protocol().name().toLowerCase(Locale.ROOT),
        config.devices(),
        config.inFlight(),
        config.warmup(),
        config.duration(),
        config.host(),
        config.port(),
        config.qos1() ? " (qos-level 1)" : "");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      if (config.provision()) {
        provision(vertx);
      } else {
        say("provisioning skipped");
      }
      try (Sender sender =
          config.protocol() == ProtoLoadConfig.Protocol.HTTP
              ? new HttpSender(vertx, config)
              : new CoapSender(config)) {
        ProtoLoadResult result = measure(sender);
        say("%s", result.summary());
        return result;
      }
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        say("vert.x did not close cleanly: %s", e);
      }
    }
  }

  private void provision(Vertx vertx) {
    WebClient plain =
        WebClient.create(
            vertx,
            new WebClientOptions().setConnectTimeout(5_000),
            new PoolOptions().setHttp1MaxSize(config.provisionConcurrency()));
    WebClient web =
        config
            .apiAuthorization()
            .<WebClient>map(a -> WebClientSession.create(plain).addHeader("Authorization", a))
            .orElse(plain);
    Function<String, io.vertx.core.json.JsonArray> credentials =
        config.protocol() == ProtoLoadConfig.Protocol.HTTP
            ? Provisioner.passwordCredentials(config.password())
            : Provisioner.pskCredentials(config::pskOf);
    Provisioner provisioner =
        new Provisioner(web, config.apiUrl(), config.tenant(), credentials, PROFILE, MODEL);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < config.devices(); i++) {
      ids.add(config.deviceId(i));
    }
    long start = System.nanoTime();
    ProvisionResult result;
    try {
      result =
          provisioner
              .provision(ids, config.provisionConcurrency())
              .toCompletionStage()
              .toCompletableFuture()
              .get(60_000L + 20L * config.devices(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchAbort(ExitCode.FAILED, "interrupted while provisioning", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new BenchAbort(ExitCode.UNREACHABLE, "provisioning did not finish: " + e, e);
    } finally {
      web.close();
    }
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
  }

  /** Runs the window on {@code sender}; package-private so a test can drive a local sender. */
  ProtoLoadResult measure(Sender sender) {
    long start = System.nanoTime();
    long measureFrom = start + config.warmup().toNanos();
    long stopAt = measureFrom + config.duration().toNanos();
    Window window = new Window(sender, measureFrom, stopAt);
    for (int i = 0; i < config.inFlight(); i++) {
      window.next();
    }
    try {
      // every worker stops sending at stopAt; a late response is bounded by the protocol timeouts
      if (!window.finished.await(
          config.warmup().plus(config.duration()).toSeconds() + 60, TimeUnit.SECONDS)) {
        say("%d requests still outstanding after the drain", window.finished.getCount());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchAbort(ExitCode.FAILED, "interrupted while measuring", e);
    }
    return new ProtoLoadResult(
        config.protocol(),
        config.devices(),
        config.inFlight(),
        config.duration(),
        sender.accepted(),
        window.accepted.sum(),
        Map.copyOf(
            window.others.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))),
        window.latency.copy());
  }

  /** The in-flight loop's shared state; completions arrive on the protocols' own threads. */
  private final class Window {
    private final Sender sender;
    private final long measureFrom;
    private final long stopAt;
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder accepted = new LongAdder();
    private final Map<String, LongAdder> others = new ConcurrentHashMap<>();
    private final Histogram latency = new ConcurrentHistogram(3);
    private final CountDownLatch finished = new CountDownLatch(config.inFlight());

    Window(Sender sender, long measureFrom, long stopAt) {
      this.sender = sender;
      this.measureFrom = measureFrom;
      this.stopAt = stopAt;
    }

    void next() {
      long sentAt = System.nanoTime();
      if (sentAt >= stopAt) {
        finished.countDown();
        return;
      }
      long n = sequence.getAndIncrement();
      int device = (int) (n % config.devices());
      byte[] payload = TemperatureCodec.payload(TemperatureCodec.centiFor(n / config.devices()));
      sender
          .send(device, payload)
          .whenComplete(
              (status, failure) -> {
                if (sentAt >= measureFrom) {
                  record(failure == null ? status : "error: " + failure, sentAt);
                }
                next();
              });
    }

    private void record(String status, long sentAt) {
      if (sender.accepted().equals(status)) {
        accepted.increment();
        latency.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1_000));
      } else {
        others.computeIfAbsent(status, s -> new LongAdder()).increment();
      }
    }
  }

  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
