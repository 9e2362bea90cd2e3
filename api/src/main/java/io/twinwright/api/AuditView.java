package io.twinwright.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One audit log entry: an action the rules (or an operator) took, and why.
 *
 * @param at when the action was taken
 * @param rule the rule (or {@code operator}) that took it
 * @param action what was done, e.g. {@code raiseAlert}, {@code quarantine}, {@code openWorkOrder}
 * @param thingId the twin it was about
 * @param findings the facts behind it
 * @param outcome what came of it, e.g. {@code done}, {@code duplicate}, {@code failed: ...}
 */
public record AuditView(
    Instant at,
    String rule,
    String action,
    String thingId,
    Map<String, String> findings,
    String outcome) {

  public AuditView {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(thingId, "thingId");
    findings = Map.copyOf(findings);
    Objects.requireNonNull(outcome, "outcome");
  }
}
