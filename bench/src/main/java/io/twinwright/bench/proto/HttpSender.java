package io.twinwright.bench.proto;

import io.twinwright.bench.ProtoLoadConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** {@code POST /telemetry} to the HTTP adapter with the device's Basic credentials. */
final class HttpSender implements Sender {
  private final WebClient client;
  private final ProtoLoadConfig config;
  private final List<String> authorizations;

  HttpSender(Vertx vertx, ProtoLoadConfig config) {
    this.config = config;
    // one keep-alive connection per request in flight
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(config.inFlight()));
    this.authorizations = new ArrayList<>(config.devices());
    for (int i = 0; i < config.devices(); i++) {
      authorizations.add(config.deviceAuthorization(config.deviceId(i)));
    }
  }

  @Override
  public String accepted() {
    return "202";
  }

  @Override
  public CompletionStage<String> send(int device, byte[] payload) {
    HttpRequest<Buffer> request =
        client
            .post(config.port(), config.host(), "/telemetry")
            .putHeader("Authorization", authorizations.get(device))
            .putHeader("Content-Type", "application/json");
    if (config.qos1()) {
      request.putHeader("qos-level", "1");
    }
    return request
        .sendBuffer(Buffer.buffer(payload))
        .map(response -> Integer.toString(response.statusCode()))
        .recover(failure -> Future.succeededFuture("error: " + failure.getClass().getSimpleName()))
        .toCompletionStage();
  }

  @Override
  public void close() {
    client.close();
  }
}
