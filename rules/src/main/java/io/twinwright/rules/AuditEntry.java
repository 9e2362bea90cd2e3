package io.twinwright.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One action a rule took, as the audit log keeps it.
 *
 * @param at the session clock when the rule fired
 * @param rule the name of the rule that fired, as Drools knows it
 * @param action what it did: {@code raise-alert}, {@code clear-alert}, {@code quarantine}, {@code
 *     open-work-order}, {@code send-command}, {@code set-desired-properties}, {@code
 *     campaign-control}
 * @param thingId the device the action concerns
 * @param findings the facts behind the action (the request's findings, or the rule's bound
 *     variables when the request carries none)
 * @param outcome {@code done}, or {@code failed: <reason>} if the platform threw
 */
public record AuditEntry(
    Instant at,
    String rule,
    String action,
    String thingId,
    Map<String, String> findings,
    String outcome) {

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    AlertRequest.requireText(rule, "rule");
    AlertRequest.requireText(action, "action");
    AlertRequest.requireText(thingId, "thingId");
    findings = Map.copyOf(findings);
    AlertRequest.requireText(outcome, "outcome");
  }
}
