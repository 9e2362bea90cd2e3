package io.twinwright.bench;

import io.twinwright.bench.api.ApiTarget;
import io.twinwright.bench.api.BenchTwins;
import io.twinwright.bench.api.ClosedLoop;
import io.twinwright.bench.api.LatencyLines;
import io.twinwright.bench.health.HealthProbe;
import io.twinwright.bench.health.HealthSnapshot;
import io.twinwright.bench.health.ServerHeap;
import io.twinwright.bench.report.MachineInfo;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code api-load}: closed-loop HTTP load on the twins created by {@code twins-load}: RQL searches
 * on an attribute and single-twin reads, one phase each, reporting throughput and latency.
 */
@Command(
    name = "api-load",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Runs, per phase, --connections concurrent requests in a closed loop for --warmup +"
          + " --duration: 'search' = GET /api/2/search/things?filter=eq(attributes/building,"
          + "\"b<n%100>\")&option=size(<page>), 'read' = GET /api/2/things/<random twin>.",
      "Exit codes: 0 done, 1 requests failed, 2 bad options, 3 platform unreachable."
    })
final class ApiLoadCommand implements Callable<Integer> {
  enum Phase {
    SEARCH,
    READ
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--api-url", description = "Base URL of the platform's HTTP API.")
  URI apiUrl = URI.create("http://localhost:8080");

  @Option(names = "--namespace", description = "Namespace of the bench twins.")
  String namespace = "bench";

  @Option(names = "--twins", description = "Twins created by twins-load (ids read at random).")
  int twins = 100_000;

  @Option(names = "--connections", description = "Concurrent requests (and connections).")
  int connections = 16;

  @Option(names = "--phases", split = ",", description = "Phases to run, in order: SEARCH, READ.")
  List<Phase> phases = List.of(Phase.SEARCH, Phase.READ);

  @Option(names = "--page-size", description = "size(n) of each search page.")
  int pageSize = 25;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Measured time per phase.")
  Duration duration = Duration.ofSeconds(30);

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "Unrecorded load before each phase.")
  Duration warmup = Duration.ofSeconds(5);

  @Option(
      names = "--server-pid",
      description = "Pid of the platform's JVM on this machine: GC it by jcmd and report its heap.")
  Long serverPid;

  @Override
  public Integer call() throws Exception {
    if (twins < 1 || connections < 1 || pageSize < 1 || duration.isNegative()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--twins, --connections and --page-size must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    try {
      HealthProbe health = new HealthProbe(web, apiUrl);
      Optional<HealthSnapshot> before;
      try {
        before = health.read().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        spec.commandLine().getErr().println("twinwright-bench: API unreachable: " + e.getCause());
        return ExitCode.UNREACHABLE.code();
      }
      MachineInfo m = MachineInfo.current();
      out.printf(
          "twinwright-bench api-load: %d connections, %s measured after %s warmup per phase,"
              + " %d twins, api %s%n",
          connections, duration, warmup, twins, apiUrl);
      out.printf("machine: %d cores, %s, %s%n", m.cores(), m.jvm(), m.os());
      before.ifPresent(h -> out.println("health before: " + h.body()));
      heap(out, health, "before");
      HttpClient client = ApiTarget.client(vertx, apiUrl, connections);
      long errors = 0;
      for (Phase phase : phases) {
        ClosedLoop loop = new ClosedLoop(client, n -> call(phase, n), connections);
        long start = System.nanoTime();
        long recordFrom = start + warmup.toNanos();
        long stop = recordFrom + duration.toNanos();
        loop.run(recordFrom, stop)
            .toCompletionStage()
            .toCompletableFuture()
            .get(duration.plus(warmup).toSeconds() + 120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - recordFrom) / 1e9;
        out.printf(
            "%n%s: %d requests in %.1f s = %.0f requests/s, %d failed (incl. warmup)%n",
            phase.name().toLowerCase(java.util.Locale.ROOT),
            loop.completed(),
            seconds,
            loop.completed() / seconds,
            loop.errors());
        LatencyLines.print(out, loop.histograms());
        out.flush();
        errors += loop.errors();
      }
      heap(out, health, "after");
      out.flush();
      return errors == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private ClosedLoop.Call call(Phase phase, long n) {
    // a multiplicative hash spreads consecutive requests over twins and buildings
    long mixed = (n * 0x9E3779B97F4A7C15L) >>> 1;
    if (phase == Phase.SEARCH) {
      String filter = "eq(attributes/building,\"b" + (mixed % BenchTwins.BUILDINGS) + "\")";
      return new ClosedLoop.Call(
          HttpMethod.GET,
          "/api/2/search/things?filter="
              + URLEncoder.encode(filter, StandardCharsets.UTF_8)
              + "&option=size("
              + pageSize
              + ")",
          null,
          "search");
    }
    return new ClosedLoop.Call(
        HttpMethod.GET,
        "/api/2/things/" + BenchTwins.thingId(namespace, (int) (mixed % twins)),
        null,
        "read");
  }

  private void heap(PrintWriter out, HealthProbe health, String when) throws Exception {
    String gc = "";
    if (serverPid != null) {
      gc =
          new ServerHeap(serverPid)
              .collect()
              .map(why -> " (no GC: " + why + ")")
              .orElse(" after full GC");
    }
    Optional<HealthSnapshot> snapshot =
        health.read().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Optional<Long> used = snapshot.flatMap(ServerHeap::usedBytes);
    out.printf(
        "server heap %s: %s%s%n",
        when, used.map(b -> (b >> 20) + " MiB").orElse("not reported by /health"), gc);
  }
}
