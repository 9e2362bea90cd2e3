package io.twinwright.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An alert as an operator sees it.
 *
 * @param id unique id of the alert
 * @param thingId the twin the alert is about
 * @param code what kind of alert, e.g. {@code battery.low}; one active alert per (twin, code)
 * @param severity e.g. {@code critical}, {@code major}, {@code minor}, {@code info}
 * @param message one line for people
 * @param findings the facts that raised it (values JSON-compatible: numbers, strings, booleans,
 *     lists, maps)
 * @param raisedAt when it was first raised
 * @param updatedAt when it last changed
 * @param state {@code active}, {@code acknowledged} or {@code cleared}
 */
public record AlertView(
    String id,
    String thingId,
    String code,
    String severity,
    String message,
    Map<String, Object> findings,
    Instant raisedAt,
    Instant updatedAt,
    String state) {

  public AlertView {
    requireText(id, "id");
    requireText(thingId, "thingId");
    requireText(code, "code");
    requireText(severity, "severity");
    Objects.requireNonNull(message, "message");
    findings = Map.copyOf(findings);
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    requireText(state, "state");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
