package io.twinwright.platform.workorders;

import io.twinwright.api.WorkOrderOperations;
import io.twinwright.api.WorkOrderView;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The operator API's view of the work order book. */
public final class ApiWorkOrders implements WorkOrderOperations {
  private final WorkOrderService orders;

  public ApiWorkOrders(WorkOrderService orders) {
    this.orders = orders;
  }

  @Override
  public List<WorkOrderView> workOrders(Optional<String> state, Optional<String> thingId) {
    Optional<WorkOrder.State> s =
        state.map(v -> WorkOrder.State.valueOf(v.toUpperCase(Locale.ROOT)));
    return orders.list(s, thingId).stream().map(ApiWorkOrders::view).toList();
  }

  @Override
  public Optional<WorkOrderView> workOrder(String id) {
    return orders.get(id).map(ApiWorkOrders::view);
  }

  @Override
  public Optional<WorkOrderView> done(String id) {
    return orders.done(id).map(ApiWorkOrders::view);
  }

  static WorkOrderView view(WorkOrder o) {
    WorkOrder.Delivery d = o.delivery();
    return new WorkOrderView(
        o.id(),
        o.thingId(),
        o.kind(),
        lower(o.priority()),
        o.summary(),
        Map.copyOf(o.findings()),
        lower(o.state()),
        o.openedAt(),
        o.updatedAt(),
        new WorkOrderView.Delivery(lower(d.status()), d.attempts(), d.lastError()));
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
