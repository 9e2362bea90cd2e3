package io.twinwright.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An alert as the platform stores and lists it: one per (thing, code) while it is not cleared.
 *
 * @param id the platform's id for this alert
 * @param thingId the twin the alert is about
 * @param code what kind of alert
 * @param severity how urgent
 * @param message one human-readable sentence
 * @param findings the facts that raised it
 * @param raisedAt when it was first raised
 * @param updatedAt when it last changed (raised again, acknowledged or cleared)
 * @param state where it is in its life cycle
 */
public record Alert(
    String id,
    String thingId,
    String code,
    Severity severity,
    String message,
    Map<String, String> findings,
    Instant raisedAt,
    Instant updatedAt,
    State state) {

  /** An alert goes from active to acknowledged (by an operator) to cleared (by a rule or user). */
  public enum State {
    ACTIVE,
    ACKNOWLEDGED,
    CLEARED
  }

  public Alert {
    AlertRequest.requireText(id, "id");
    AlertRequest.requireText(thingId, "thingId");
    AlertRequest.requireText(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    findings = Map.copyOf(findings);
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (updatedAt.isBefore(raisedAt)) {
      throw new IllegalArgumentException("updatedAt " + updatedAt + " before raisedAt " + raisedAt);
    }
    Objects.requireNonNull(state, "state");
  }

  /** A new active alert for a rule's request. */
  public static Alert raised(String id, AlertRequest request, Instant at) {
    return new Alert(
        id,
        request.thingId(),
        request.code(),
        request.severity(),
        request.message(),
        request.findings(),
        at,
        at,
        State.ACTIVE);
  }

  /** This alert moved to another state at the given time. */
  public Alert withState(State newState, Instant at) {
    return new Alert(id, thingId, code, severity, message, findings, raisedAt, at, newState);
  }
}
