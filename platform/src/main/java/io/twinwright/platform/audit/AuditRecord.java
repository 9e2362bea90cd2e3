package io.twinwright.platform.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One action taken, and why. Field for field the rules' {@code AuditEntry}, so adapting one to the
 * other is a constructor call.
 *
 * @param at when the action was taken
 * @param rule the rule that took it, or {@code operator}
 * @param action what was done, e.g. {@code quarantine}
 * @param thingId the twin it was about
 * @param findings the facts behind it
 * @param outcome what came of it, e.g. {@code done} or {@code duplicate}
 */
public record AuditRecord(
    Instant at,
    String rule,
    String action,
    String thingId,
    Map<String, String> findings,
    String outcome) {

  public AuditRecord {
    Objects.requireNonNull(at, "at");
    requireText(rule, "rule");
    requireText(action, "action");
    Objects.requireNonNull(thingId, "thingId");
    findings = Map.copyOf(findings);
    Objects.requireNonNull(outcome, "outcome");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
