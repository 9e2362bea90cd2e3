package io.twinwright.bench.health;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** Reads {@code GET /health} from the platform's API. */
public final class HealthProbe {
  private static final long TIMEOUT_MILLIS = 5_000;

  private final WebClient client;
  private final URI healthUrl;

  /**
   * @param client the HTTP client, owned by the caller
   * @param apiUrl base URL of the platform's API
   */
  public HealthProbe(WebClient client, URI apiUrl) {
    this.client = Objects.requireNonNull(client, "client");
    this.healthUrl = Objects.requireNonNull(apiUrl, "apiUrl").resolve("/health");
  }

  public URI url() {
    return healthUrl;
  }

  /**
   * A reading of the health document, or empty when the API answers but not with 200. Fails only
   * when the API cannot be reached (connection refused, timeout).
   */
  public Future<Optional<HealthSnapshot>> read() {
    return client
        .getAbs(healthUrl.toString())
        .timeout(TIMEOUT_MILLIS)
        .putHeader("Accept", "application/json")
        .send()
        .compose(
            response -> {
              long arrived = System.nanoTime();
              if (response.statusCode() != 200) {
                return Future.succeededFuture(Optional.empty());
              }
              String body = response.bodyAsString();
              return Future.succeededFuture(
                  Optional.of(HealthSnapshot.parse(arrived, body == null ? "" : body)));
            });
  }
}
