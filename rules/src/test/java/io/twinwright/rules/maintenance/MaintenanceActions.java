package io.twinwright.rules.maintenance;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.WorkOrderRequest;
import java.util.ArrayList;
import java.util.List;

/** Records what the maintenance rules do; safe to call from rule partition threads. */
final class MaintenanceActions implements RuleActions {
  private final List<AlertRequest> raised = new ArrayList<>();
  private final List<String> cleared = new ArrayList<>();
  private final List<WorkOrderRequest> workOrders = new ArrayList<>();

  @Override
  public synchronized void raiseAlert(AlertRequest request) {
    raised.add(request);
  }

  @Override
  public synchronized void clearAlert(String thingId, String code) {
    cleared.add(thingId + " " + code);
  }

  @Override
  public synchronized void quarantine(String thingId, String reason) {
    throw new AssertionError("the maintenance pack never quarantines: " + thingId);
  }

  @Override
  public synchronized void openWorkOrder(WorkOrderRequest request) {
    workOrders.add(request);
  }

  synchronized List<AlertRequest> raised() {
    return List.copyOf(raised);
  }

  /** Raised alerts whose code starts with the prefix (codes are "kind:sensor"). */
  synchronized List<AlertRequest> raised(String codePrefix) {
    return raised.stream().filter(r -> r.code().startsWith(codePrefix)).toList();
  }

  /** Cleared alerts as "thingId code". */
  synchronized List<String> cleared() {
    return List.copyOf(cleared);
  }

  synchronized List<WorkOrderRequest> workOrders() {
    return List.copyOf(workOrders);
  }
}
