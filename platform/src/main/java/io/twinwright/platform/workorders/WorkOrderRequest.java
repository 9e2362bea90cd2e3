package io.twinwright.platform.workorders;

import java.util.Map;
import java.util.Objects;

/**
 * A work order a rule asks for.
 *
 * @param thingId the twin it is about
 * @param kind what is to be done, e.g. {@code predicted-failure}; with the thing id it identifies
 *     the work order while it is open
 * @param priority how urgent
 * @param summary one line for people
 * @param findings the facts behind it
 */
public record WorkOrderRequest(
    String thingId,
    String kind,
    WorkOrder.Priority priority,
    String summary,
    Map<String, String> findings) {

  public WorkOrderRequest {
    WorkOrder.requireText(thingId, "thingId");
    WorkOrder.requireText(kind, "kind");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(summary, "summary");
    findings = Map.copyOf(findings);
  }
}
