package io.twinwright.api.operations;

import io.twinwright.api.AlertQueries;
import io.twinwright.api.AlertView;
import io.twinwright.api.http.Requests;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts and health. Both ask the platform through ports that may read stores, so they run on the
 * named worker pool.
 */
public final class OperationsRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OperationsRoutes.class);
  private static final String JSON = "application/json";

  private final AlertQueries alerts;
  private final Supplier<JsonObject> status;
  private final IntSupplier eventStreams;
  private final WorkerExecutor worker;

  public OperationsRoutes(
      AlertQueries alerts,
      Supplier<JsonObject> status,
      IntSupplier eventStreams,
      WorkerExecutor worker) {
    this.alerts = alerts;
    this.status = status;
    this.eventStreams = eventStreams;
    this.worker = worker;
  }

  public void mount(Router router) {
    router.get("/api/2/alerts").handler(this::alerts);
    router.get("/health").handler(this::health);
  }

  private void alerts(RoutingContext ctx) {
    Optional<String> thingId = Requests.param(ctx, "thingId");
    Optional<String> state = Requests.param(ctx, "state");
    worker
        .executeBlocking(() -> toJson(alerts.alerts(thingId, state)).encode())
        .onSuccess(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body))
        .onFailure(ctx::fail);
  }

  /** Health is an answer, not an error: a failing status source reports DOWN with a 503. */
  private void health(RoutingContext ctx) {
    worker
        .executeBlocking(
            () ->
                status
                    .get()
                    .copy()
                    .put("status", "UP")
                    .put("eventStreams", eventStreams.getAsInt()))
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

  static JsonArray toJson(List<AlertView> views) {
    JsonArray array = new JsonArray();
    for (AlertView a : views) {
      array.add(
          new JsonObject()
              .put("id", a.id())
              .put("thingId", a.thingId())
              .put("code", a.code())
              .put("severity", a.severity())
              .put("message", a.message())
              .put("findings", new JsonObject(new LinkedHashMap<>(a.findings())))
              .put("raisedAt", a.raisedAt().toString())
              .put("updatedAt", a.updatedAt().toString())
              .put("state", a.state()));
    }
    return array;
  }
}
