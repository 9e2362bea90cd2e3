package io.twinwright.api;

import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.model.ThingModelCatalog;
import io.twinwright.twin.model.ThingModelValidator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the real API server with the operator ports bound (the constructor the platform uses) on a
 * free port; subclasses bind the fakes they need in {@link #ports()}.
 */
@ExtendWith(VertxExtension.class)
abstract class OperatorApiTestBase {
  protected final FakeAlerts alerts = new FakeAlerts();
  protected TwinService twins;
  protected ApiServer server;
  protected WebClient client;
  protected int port;

  protected ApiPorts ports() {
    return ApiPorts.none();
  }

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext tc) {
    twins =
        new TwinService(
            TwinConfig.defaults(),
            new InMemoryTwinRepository(),
            Clock.systemUTC(),
            new ThingModelValidator(() -> ThingModelCatalog.load(Optional.empty())));
    twins.start();
    server =
        new ApiServer(
            ApiConfig.defaults().withHost("127.0.0.1").withPort(0),
            twins,
            new InMemoryDevices(),
            alerts,
            JsonObject::new,
            ports());
    server
        .start(vertx)
        .onComplete(
            tc.succeeding(
                bound -> {
                  port = bound;
                  client =
                      WebClient.create(
                          vertx,
                          new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(bound));
                  tc.completeNow();
                }));
  }

  @AfterEach
  void stopServer(VertxTestContext tc) {
    client.close();
    server
        .stop()
        .onComplete(
            tc.succeeding(
                v -> {
                  twins.close();
                  tc.completeNow();
                }));
  }

  /** Runs the checks on the outcome and completes the test, or fails it. */
  protected static <T> void expect(
      VertxTestContext tc, io.vertx.core.Future<T> outcome, ApiTestBase.Check<T> check) {
    ApiTestBase.expect(tc, outcome, check);
  }

  /** Asserts Ditto's error shape and returns the error code. */
  static String dittoError(JsonObject body, int status) {
    org.assertj.core.api.Assertions.assertThat(body.fieldNames())
        .containsExactlyInAnyOrder("status", "error", "message", "description");
    org.assertj.core.api.Assertions.assertThat(body.getInteger("status")).isEqualTo(status);
    return body.getString("error");
  }
}
