package io.twinwright.api.quarantine;

import io.twinwright.api.ApiException;
import io.twinwright.api.QuarantineOperations;
import io.twinwright.api.http.Requests;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.eclipse.ditto.things.model.ThingId;

/**
 * Quarantine list and operator release. The port is called on the worker pool (it may touch the
 * registry synchronously) and answers with a future for its asynchronous steps.
 */
public final class QuarantineRoutes {
  private static final String JSON = "application/json";

  private final QuarantineOperations quarantine;
  private final WorkerExecutor worker;

  public QuarantineRoutes(QuarantineOperations quarantine, WorkerExecutor worker) {
    this.quarantine = quarantine;
    this.worker = worker;
  }

  public void mount(Router router) {
    router.get("/api/2/quarantine").handler(this::list);
    router.post("/api/2/quarantine/:thingId/release").handler(this::release);
  }

  private void list(RoutingContext ctx) {
    worker
        .executeBlocking(quarantine::quarantined)
        .compose(f -> f)
        .map(
            list -> {
              JsonArray items = new JsonArray();
              list.forEach(
                  q ->
                      items.add(
                          new JsonObject()
                              .put("thingId", q.thingId())
                              .put("reason", q.reason())
                              .put("since", q.since().toString())));
              return items.encode();
            })
        .onSuccess(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body))
        .onFailure(ctx::fail);
  }

  /** Body optional: {@code {"note": "why"}} is passed on for the audit log. */
  private void release(RoutingContext ctx) {
    String thingId = ThingId.of(ctx.pathParam("thingId")).toString();
    JsonObject body = Requests.jsonObject(ctx, new JsonObject());
    if (body.containsKey("note") && !(body.getValue("note") instanceof String)) {
      throw ApiException.invalid("note must be a string");
    }
    Optional<String> note = Optional.ofNullable(body.getString("note")).filter(n -> !n.isBlank());
    worker
        .executeBlocking(() -> quarantine.release(thingId, note))
        .compose(f -> f)
        .compose(
            released ->
                released
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(
                        new ApiException(
                            404,
                            "quarantine:device.notquarantined",
                            "The device " + thingId + " is not quarantined.",
                            "List the quarantined devices with GET /api/2/quarantine.")))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
