package io.twinwright.api.operations;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health. It asks the platform through a port that may read stores, so it runs on the named worker
 * pool. (Alerts have their own routes in {@code alerts}.)
 */
public final class OperationsRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OperationsRoutes.class);
  private static final String JSON = "application/json";

  private final Supplier<JsonObject> status;
  private final IntSupplier eventStreams;
  private final WorkerExecutor worker;

  public OperationsRoutes(
      Supplier<JsonObject> status, IntSupplier eventStreams, WorkerExecutor worker) {
    this.status = status;
    this.eventStreams = eventStreams;
    this.worker = worker;
  }

  public void mount(Router router) {
    router.get("/health").handler(this::health);
  }

  /**
   * Health is an answer, not an error: a failing status source, or a status that says DOWN itself,
   * reports DOWN with a 503.
   */
  private void health(RoutingContext ctx) {
    worker
        .executeBlocking(
            () -> {
              // a status that says DOWN itself (a component failed) keeps it; any other is UP
              JsonObject body = status.get().copy().put("eventStreams", eventStreams.getAsInt());
              return "DOWN".equals(body.getValue("status")) ? body : body.put("status", "UP");
            })
        .recover(
            e -> {
              LOG.warn("platform status unavailable: {}", e.toString());
              return Future.succeededFuture(
                  new JsonObject()
                      .put("status", "DOWN")
                      .put("reason", "platform status unavailable"));
            })
        .onSuccess(
            body ->
                ctx.response()
                    .setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(body.encode()));
  }
}
