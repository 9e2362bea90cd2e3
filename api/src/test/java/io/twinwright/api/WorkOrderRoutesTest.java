package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class WorkOrderRoutesTest extends OperatorApiTestBase {
  private static final Instant OPENED = Instant.parse("2025-03-04T05:06:07Z");
  private final Map<String, WorkOrderView> orders = new ConcurrentHashMap<>();

  @Override
  protected ApiPorts ports() {
    return ApiPorts.none()
        .withWorkOrders(
            new WorkOrderOperations() {
              @Override
              public List<WorkOrderView> workOrders(
                  Optional<String> state, Optional<String> thingId) {
                List<WorkOrderView> result = new ArrayList<>();
                for (WorkOrderView o : orders.values()) {
                  if (state.map(o.state()::equals).orElse(true)
                      && thingId.map(o.thingId()::equals).orElse(true)) {
                    result.add(o);
                  }
                }
                result.sort(Comparator.comparing(WorkOrderView::id));
                return result;
              }

              @Override
              public Optional<WorkOrderView> workOrder(String id) {
                return Optional.ofNullable(orders.get(id));
              }

              @Override
              public Optional<WorkOrderView> done(String id) {
                return Optional.ofNullable(
                    orders.computeIfPresent(id, (k, o) -> order(o.id(), o.thingId(), "done")));
              }
            });
  }

  private static WorkOrderView order(String id, String thingId, String state) {
    return new WorkOrderView(
        id,
        thingId,
        "predicted-failure",
        "high",
        "bearing wear: about 12 days left",
        Map.of("rulDays", "12.0"),
        state,
        OPENED,
        OPENED.plusSeconds(30),
        new WorkOrderView.Delivery("failed", 3, Optional.of("HTTP 503")));
  }

  @Test
  void lists_work_orders_by_state_and_thing_with_their_delivery(VertxTestContext tc) {
    orders.put("w1", order("w1", "acme:pump-1", "open"));
    orders.put("w2", order("w2", "acme:pump-1", "done"));
    orders.put("w3", order("w3", "acme:pump-2", "open"));

    expect(
        tc,
        client.get("/api/2/workorders?state=open&thingId=acme:pump-1").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonArray().size()).isEqualTo(1);
          assertThat(r.bodyAsJsonArray().getJsonObject(0))
              .isEqualTo(
                  new JsonObject()
                      .put("id", "w1")
                      .put("thingId", "acme:pump-1")
                      .put("kind", "predicted-failure")
                      .put("priority", "high")
                      .put("summary", "bearing wear: about 12 days left")
                      .put("findings", new JsonObject().put("rulDays", "12.0"))
                      .put("state", "open")
                      .put("openedAt", "2025-03-04T05:06:07Z")
                      .put("updatedAt", "2025-03-04T05:06:37Z")
                      .put(
                          "delivery",
                          new JsonObject()
                              .put("status", "failed")
                              .put("attempts", 3)
                              .put("lastError", "HTTP 503")));
        });
  }

  @Test
  void rejects_an_unknown_state_filter(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/workorders?state=closed").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid"));
  }

  @Test
  void returns_one_work_order_and_404_for_an_unknown_one(VertxTestContext tc) {
    orders.put("w1", order("w1", "acme:pump-1", "open"));

    expect(
        tc,
        client
            .get("/api/2/workorders/w1")
            .send()
            .compose(
                found ->
                    client.get("/api/2/workorders/none").send().map(gone -> List.of(found, gone))),
        r -> {
          assertThat(r.get(0).bodyAsJsonObject().getString("state")).isEqualTo("open");
          assertThat(dittoError(r.get(1).bodyAsJsonObject(), 404))
              .isEqualTo("workorders:workorder.notfound");
        });
  }

  @Test
  void marks_an_open_work_order_done(VertxTestContext tc) {
    orders.put("w1", order("w1", "acme:pump-1", "open"));

    expect(
        tc,
        client.post("/api/2/workorders/w1/done").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("done");
          assertThat(orders.get("w1").state()).isEqualTo("done");
        });
  }

  @Test
  void answers_404_when_marking_an_unknown_work_order_done(VertxTestContext tc) {
    expect(
        tc,
        client.post("/api/2/workorders/none/done").send(),
        r ->
            assertThat(dittoError(r.bodyAsJsonObject(), 404))
                .isEqualTo("workorders:workorder.notfound"));
  }
}
