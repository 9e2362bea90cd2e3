package io.twinwright.rules;

import java.util.Map;
import java.util.Objects;

/**
 * An alert a rule asks the platform to raise.
 *
 * @param thingId the twin the alert is about
 * @param code what kind of alert, e.g. {@code overheating}; with the thing id it identifies the
 *     alert for deduplication
 * @param severity how urgent
 * @param message one human-readable sentence
 * @param findings the facts that made the rule fire (e.g. value and threshold), so the alert
 *     explains itself
 */
public record AlertRequest(
    String thingId, String code, Severity severity, String message, Map<String, String> findings) {

  public AlertRequest {
    requireText(thingId, "thingId");
    requireText(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    findings = Map.copyOf(findings);
  }

  static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
