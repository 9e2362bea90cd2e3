package io.twinwright.api.workorders;

import io.twinwright.api.ApiException;
import io.twinwright.api.WorkOrderOperations;
import io.twinwright.api.WorkOrderView;
import io.twinwright.api.http.Requests;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** Work orders: list, lookup, done. The port may use a store, so calls run on the worker pool. */
public final class WorkOrderRoutes {
  private static final String JSON = "application/json";
  private static final Set<String> STATES = Set.of("open", "done");

  private final WorkOrderOperations orders;
  private final WorkerExecutor worker;

  public WorkOrderRoutes(WorkOrderOperations orders, WorkerExecutor worker) {
    this.orders = orders;
    this.worker = worker;
  }

  public void mount(Router router) {
    router.get("/api/2/workorders").handler(this::list);
    router.get("/api/2/workorders/:id").handler(this::get);
    router.post("/api/2/workorders/:id/done").handler(this::done);
  }

  private void list(RoutingContext ctx) {
    Optional<String> state = Requests.param(ctx, "state").map(s -> s.toLowerCase(Locale.ROOT));
    if (state.isPresent() && !STATES.contains(state.get())) {
      throw ApiException.invalid("state must be open or done; got: " + state.get());
    }
    Optional<String> thingId = Requests.param(ctx, "thingId");
    answer(
        ctx,
        () -> {
          JsonArray items = new JsonArray();
          orders.workOrders(state, thingId).forEach(o -> items.add(json(o)));
          return items.encode();
        });
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    answer(ctx, () -> json(orders.workOrder(id).orElseThrow(() -> notFound(id))).encode());
  }

  private void done(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    answer(ctx, () -> json(orders.done(id).orElseThrow(() -> notFound(id))).encode());
  }

  private void answer(RoutingContext ctx, Callable<String> body) {
    worker
        .executeBlocking(body)
        .onSuccess(json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(json))
        .onFailure(ctx::fail);
  }

  static JsonObject json(WorkOrderView o) {
    WorkOrderView.Delivery d = o.delivery();
    JsonObject delivery = new JsonObject().put("status", d.status()).put("attempts", d.attempts());
    d.lastError().ifPresent(e -> delivery.put("lastError", e));
    return new JsonObject()
        .put("id", o.id())
        .put("thingId", o.thingId())
        .put("kind", o.kind())
        .put("priority", o.priority())
        .put("summary", o.summary())
        .put("findings", new JsonObject(new LinkedHashMap<>(o.findings())))
        .put("state", o.state())
        .put("openedAt", o.openedAt().toString())
        .put("updatedAt", o.updatedAt().toString())
        .put("delivery", delivery);
  }

  private static ApiException notFound(String id) {
    return new ApiException(
        404,
        "workorders:workorder.notfound",
        "The work order with id " + id + " could not be found.",
        "Check the work order id.");
  }
}
