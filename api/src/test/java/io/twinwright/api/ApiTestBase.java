package io.twinwright.api;

import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.model.ThingModelCatalog;
import io.twinwright.twin.model.ThingModelValidator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the real API server in-process on a free port over a real twin service (with an in-memory
 * store) and fake ports, and gives tests a WebClient pointed at it.
 */
@ExtendWith(VertxExtension.class)
abstract class ApiTestBase {
  protected final InMemoryDevices devices = new InMemoryDevices();
  protected final List<AlertView> alerts = new CopyOnWriteArrayList<>();
  protected Supplier<JsonObject> status = () -> new JsonObject().put("twins", 0);
  protected final InMemoryTwinRepository store = new InMemoryTwinRepository();
  protected TwinService twins;
  protected ApiServer server;
  protected WebClient client;
  protected int port;

  protected ApiConfig config() {
    return ApiConfig.defaults().withHost("127.0.0.1").withPort(0);
  }

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext tc) {
    twins =
        new TwinService(
            TwinConfig.defaults(),
            store,
            Clock.systemUTC(),
            new ThingModelValidator(() -> ThingModelCatalog.load(Optional.empty())));
    twins.start();
    server = new ApiServer(config(), twins, devices, this::queryAlerts, () -> status.get());
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

  private List<AlertView> queryAlerts(Optional<String> thingId, Optional<String> state) {
    List<AlertView> result = new ArrayList<>();
    for (AlertView a : alerts) {
      if (thingId.map(a.thingId()::equals).orElse(true)
          && state.map(a.state()::equals).orElse(true)) {
        result.add(a);
      }
    }
    return result;
  }

  /** Applies one property value to a twin and waits until it is applied and stored. */
  protected void set(String thingId, String feature, Object value) throws Exception {
    twins
        .apply(
            new TwinPatch(
                DeviceId.ofThingId(thingId),
                List.of(new PropertyUpdate(feature, "value", value)),
                Instant.now()))
        .get(5, TimeUnit.SECONDS);
  }

  /** Assertions that may throw, run inside {@link VertxTestContext#verify}. */
  @FunctionalInterface
  protected interface Check<T> {
    void accept(T value) throws Throwable;
  }

  /** Runs the checks on the outcome and completes the test, or fails it. */
  protected static <T> void expect(VertxTestContext tc, Future<T> outcome, Check<T> check) {
    outcome.onComplete(
        tc.succeeding(
            value ->
                tc.verify(
                    () -> {
                      check.accept(value);
                      tc.completeNow();
                    })));
  }

  protected static JsonObject json(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject();
  }
}
