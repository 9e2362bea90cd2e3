package io.twinwright.bench.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.net.URI;

/** An HTTP client for the platform's API with a fixed number of keep-alive connections. */
public final class ApiTarget {
  private ApiTarget() {}

  public static HttpClient client(Vertx vertx, URI apiUrl, int connections) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setDefaultHost(apiUrl.getHost())
            .setDefaultPort(apiUrl.getPort() < 0 ? 80 : apiUrl.getPort())
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setConnectTimeout(5_000)
            .setIdleTimeout(0);
    return vertx.createHttpClient(
        options, new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }
}
