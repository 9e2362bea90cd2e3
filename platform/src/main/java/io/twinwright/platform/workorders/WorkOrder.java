package io.twinwright.platform.workorders;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A work order as the platform stores and lists it.
 *
 * @param id the platform's id
 * @param thingId the twin it is about
 * @param kind what is to be done; one open work order per (thing, kind)
 * @param priority how urgent
 * @param summary one line for people
 * @param findings the facts behind it
 * @param state open or done
 * @param openedAt when it was opened
 * @param updatedAt when it last changed state
 * @param delivery the webhook export of its latest change
 */
public record WorkOrder(
    String id,
    String thingId,
    String kind,
    Priority priority,
    String summary,
    Map<String, String> findings,
    State state,
    Instant openedAt,
    Instant updatedAt,
    Delivery delivery) {

  /** A work order is opened by a rule and marked done by an operator. */
  public enum State {
    OPEN,
    DONE
  }

  /** How urgent a work order is. */
  public enum Priority {
    LOW,
    MEDIUM,
    HIGH,
    URGENT
  }

  public WorkOrder {
    requireText(id, "id");
    requireText(thingId, "thingId");
    requireText(kind, "kind");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(summary, "summary");
    findings = Map.copyOf(findings);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (updatedAt.isBefore(openedAt)) {
      throw new IllegalArgumentException("updatedAt before openedAt");
    }
    Objects.requireNonNull(delivery, "delivery");
  }

  /** A new open work order for a rule's request. */
  static WorkOrder opened(String id, WorkOrderRequest request, Instant at, Delivery delivery) {
    return new WorkOrder(
        id,
        request.thingId(),
        request.kind(),
        request.priority(),
        request.summary(),
        request.findings(),
        State.OPEN,
        at,
        at,
        delivery);
  }

  /** This work order done at the given time (never before it was opened, whatever the clock). */
  WorkOrder done(Instant at, Delivery newDelivery) {
    Instant when = at.isBefore(openedAt) ? openedAt : at;
    return new WorkOrder(
        id, thingId, kind, priority, summary, findings, State.DONE, openedAt, when, newDelivery);
  }

  WorkOrder withDelivery(Delivery newDelivery) {
    return new WorkOrder(
        id, thingId, kind, priority, summary, findings, state, openedAt, updatedAt, newDelivery);
  }

  /**
   * Where the export of the latest change stands.
   *
   * @param id the delivery's id, sent as {@code X-Twinwright-Delivery} so receivers can drop
   *     repeats; empty when nothing is exported
   * @param status none (no webhooks), pending, delivered or failed
   * @param attempts requests made so far, over all webhooks
   * @param lastError why the last failed attempt failed
   */
  public record Delivery(String id, Status status, int attempts, Optional<String> lastError) {

    /** The export's progress. */
    public enum Status {
      NONE,
      PENDING,
      DELIVERED,
      FAILED
    }

    public Delivery {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(status, "status");
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative");
      }
      Objects.requireNonNull(lastError, "lastError");
    }

    static Delivery none() {
      return new Delivery("", Status.NONE, 0, Optional.empty());
    }

    static Delivery pending(String id) {
      return new Delivery(id, Status.PENDING, 0, Optional.empty());
    }
  }

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
