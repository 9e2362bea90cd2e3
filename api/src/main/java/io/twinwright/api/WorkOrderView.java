package io.twinwright.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A work order as an operator sees it.
 *
 * @param id unique id of the work order
 * @param thingId the twin it is about
 * @param kind what is to be done, e.g. {@code predicted-failure}; one open order per (twin, kind)
 * @param priority e.g. {@code low}, {@code medium}, {@code high}, {@code urgent}
 * @param summary one line for people
 * @param findings the facts behind it (values JSON-compatible)
 * @param state {@code open} or {@code done}
 * @param openedAt when it was opened
 * @param updatedAt when it last changed
 * @param delivery how far its export to the webhooks got
 */
public record WorkOrderView(
    String id,
    String thingId,
    String kind,
    String priority,
    String summary,
    Map<String, Object> findings,
    String state,
    Instant openedAt,
    Instant updatedAt,
    Delivery delivery) {

  public WorkOrderView {
    requireText(id, "id");
    requireText(thingId, "thingId");
    requireText(kind, "kind");
    requireText(priority, "priority");
    Objects.requireNonNull(summary, "summary");
    findings = Map.copyOf(findings);
    requireText(state, "state");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(delivery, "delivery");
  }

  /**
   * The export of the work order's latest change.
   *
   * @param status {@code none} (no webhook configured), {@code pending}, {@code delivered} or
   *     {@code failed}
   * @param attempts requests made for it so far, over all webhooks
   * @param lastError why the last failed attempt failed, if one did
   */
  public record Delivery(String status, int attempts, Optional<String> lastError) {
    public Delivery {
      requireText(status, "status");
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative");
      }
      Objects.requireNonNull(lastError, "lastError");
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
