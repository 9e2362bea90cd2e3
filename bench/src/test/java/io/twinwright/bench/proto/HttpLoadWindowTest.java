package io.twinwright.bench.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.bench.ProtoLoadConfig;
import io.twinwright.bench.ProtoLoadConfig.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the in-flight window over real HTTP against a local server that accepts only one device's
 * credentials, so both the accepted count and the error tally are exercised.
 */
class HttpLoadWindowTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void counts_202s_by_device_and_tallies_refusals_by_status() throws Exception {
    Set<String> qosHeaders = ConcurrentHashMap.newKeySet();
    ProtoLoadConfig config =
        new ProtoLoadConfig(
            Protocol.HTTP,
            "127.0.0.1",
            1,
            URI.create("http://localhost:8080"),
            "bench",
            "bench-http-",
            2,
            4,
            Duration.ofMillis(700),
            Duration.ofMillis(100),
            true,
            false,
            "secret",
            1,
            Optional.empty(),
            Optional.empty());
    String accepted = config.deviceAuthorization(config.deviceId(0));
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              qosHeaders.add(String.valueOf(request.getHeader("qos-level")));
                              boolean telemetry =
                                  request.path().equals("/telemetry")
                                      && new JsonObject(body).getInteger("t") >= 2_100;
                              boolean known = accepted.equals(request.getHeader("Authorization"));
                              request
                                  .response()
                                  .setStatusCode(!telemetry ? 400 : known ? 202 : 401)
                                  .end();
                            }))
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    ProtoLoadConfig target =
        new ProtoLoadConfig(
            config.protocol(),
            config.host(),
            server.actualPort(),
            config.apiUrl(),
            config.tenant(),
            config.devicePrefix(),
            config.devices(),
            config.inFlight(),
            config.duration(),
            config.warmup(),
            config.qos1(),
            config.provision(),
            config.password(),
            config.provisionConcurrency(),
            config.apiUser(),
            config.apiPassword());

    ProtoLoadResult result;
    try (HttpSender sender = new HttpSender(vertx, target)) {
      result = new ProtoLoadRun(target, new PrintWriter(new StringWriter())).measure(sender);
    }

    // round robin over two devices: half the requests carry the unknown device's credentials
    assertThat(result.accepted()).isPositive();
    assertThat(result.others()).containsOnlyKeys("401");
    assertThat(result.others().get("401")).isBetween(result.accepted() - 4, result.accepted() + 4);
    assertThat(result.latencyMicros().getTotalCount()).isEqualTo(result.accepted());
    assertThat(qosHeaders).containsExactly("1");
    assertThat(result.summary()).contains("x 202").contains("401=");
  }
}
