package io.twinwright.api.alerts;

import io.twinwright.api.AlertFilter;
import io.twinwright.api.AlertOperations;
import io.twinwright.api.AlertView;
import io.twinwright.api.ApiException;
import io.twinwright.api.http.Requests;
import io.twinwright.api.http.ServerSentEvents;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The alert life cycle: list (or stream) with filters, lookup, acknowledge, clear. The port may use
 * a store, so every call but the stream subscription runs on the named worker pool.
 */
public final class AlertRoutes {
  private static final String JSON = "application/json";
  private static final Set<String> STATES = Set.of("active", "acknowledged", "cleared");

  private final AlertOperations alerts;
  private final WorkerExecutor worker;
  private final ServerSentEvents<AlertView> streams;

  public AlertRoutes(
      AlertOperations alerts, WorkerExecutor worker, ServerSentEvents<AlertView> streams) {
    this.alerts = alerts;
    this.worker = worker;
    this.streams = streams;
  }

  public void mount(Router router) {
    router.get("/api/2/alerts").handler(this::alerts);
    router.get("/api/2/alerts/:id").handler(this::alert);
    router.post("/api/2/alerts/:id/acknowledge").handler(this::acknowledge);
    router.post("/api/2/alerts/:id/clear").handler(this::clear);
  }

  private void alerts(RoutingContext ctx) {
    AlertFilter filter =
        new AlertFilter(
            Requests.param(ctx, "thingId"),
            state(ctx),
            Requests.param(ctx, "code"),
            Requests.param(ctx, "severity"));
    if (ServerSentEvents.wanted(ctx)) {
      streams.open(ctx, alerts::subscribe, filter::matches, a -> AlertJson.alert(a).encode());
      return;
    }
    answer(ctx, () -> AlertJson.alerts(alerts.alerts(filter)).encode());
  }

  private void alert(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    answer(ctx, () -> AlertJson.alert(alerts.alert(id).orElseThrow(() -> notFound(id))).encode());
  }

  private void acknowledge(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    answer(
        ctx,
        () -> {
          AlertView after = alerts.acknowledge(id).orElseThrow(() -> notFound(id));
          if ("cleared".equalsIgnoreCase(after.state())) {
            throw new ApiException(
                409,
                "alerts:alert.cleared",
                "The alert " + id + " is cleared and can no longer be acknowledged.",
                "A condition that persists raises a new alert; acknowledge that one.");
          }
          return AlertJson.alert(after).encode();
        });
  }

  private void clear(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    answer(ctx, () -> AlertJson.alert(alerts.clear(id).orElseThrow(() -> notFound(id))).encode());
  }

  private void answer(RoutingContext ctx, Callable<String> body) {
    worker
        .executeBlocking(body)
        .onSuccess(json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(json))
        .onFailure(ctx::fail);
  }

  private static Optional<String> state(RoutingContext ctx) {
    Optional<String> state = Requests.param(ctx, "state").map(s -> s.toLowerCase(Locale.ROOT));
    if (state.isPresent() && !STATES.contains(state.get())) {
      throw ApiException.invalid(
          "state must be one of active, acknowledged, cleared; got: " + state.get());
    }
    return state;
  }

  private static ApiException notFound(String id) {
    return new ApiException(
        404,
        "alerts:alert.notfound",
        "The alert with id " + id + " could not be found.",
        "Check the alert id; cleared alerts may have been removed.");
  }
}
