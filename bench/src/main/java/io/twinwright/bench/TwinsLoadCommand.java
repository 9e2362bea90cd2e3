package io.twinwright.bench;

import io.twinwright.bench.api.ApiTarget;
import io.twinwright.bench.api.BenchTwins;
import io.twinwright.bench.api.ClosedLoop;
import io.twinwright.bench.api.LatencyLines;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twins-load}: creates N twins through {@code PUT /api/2/things/{id}}, as fast as it can.
 */
@Command(
    name = "twins-load",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Creates (or overwrites) N twins <namespace>:twin-<k> with attributes"
          + " {\"building\":\"b<k%100>\",\"floor\":k%10} through PUT /api/2/things/{id}, keeping"
          + " --concurrency requests in flight, and reports the rate and latency.",
      "Exit codes: 0 done, 1 some writes failed, 2 bad options, 3 platform unreachable."
    })
final class TwinsLoadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--api-url", description = "Base URL of the platform's HTTP API.")
  URI apiUrl = URI.create("http://localhost:8080");

  @Option(names = "--namespace", description = "Namespace of the bench twins.")
  String namespace = "bench";

  @Option(names = "--twins", description = "Number of twins to create.")
  int twins = 100_000;

  @Option(names = "--first", description = "Index of the first twin.")
  int first = 0;

  @Option(names = "--concurrency", description = "Requests in flight (and connections).")
  int concurrency = 64;

  @Override
  public Integer call() throws Exception {
    if (twins < 1 || concurrency < 1 || first < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--twins and --concurrency must be positive, --first not negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient client = ApiTarget.client(vertx, apiUrl, concurrency);
      int last = first + twins;
      java.util.concurrent.atomic.AtomicInteger next =
          new java.util.concurrent.atomic.AtomicInteger(first);
      ClosedLoop loop =
          new ClosedLoop(
              client,
              n -> {
                int k = next.getAndIncrement();
                if (k >= last) {
                  return null;
                }
                return new ClosedLoop.Call(
                    HttpMethod.PUT,
                    "/api/2/things/" + BenchTwins.thingId(namespace, k),
                    BenchTwins.body(k),
                    "put");
              },
              concurrency);
      out.printf(
          "twinwright-bench twins-load: %d twins %s..%s, %d in flight, api %s%n",
          twins,
          BenchTwins.thingId(namespace, first),
          BenchTwins.thingId(namespace, last - 1),
          concurrency,
          apiUrl);
      out.flush();
      long t0 = System.nanoTime();
      loop.run(t0, Long.MAX_VALUE).toCompletionStage().toCompletableFuture().get(1, TimeUnit.HOURS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      out.printf(
          "created %d twins in %.1f s = %.0f twins/s, %d failed%n",
          loop.completed(), seconds, loop.completed() / seconds, loop.errors());
      LatencyLines.print(out, loop.histograms());
      out.flush();
      return loop.errors() == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
