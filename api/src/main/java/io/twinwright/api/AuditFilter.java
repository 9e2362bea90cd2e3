package io.twinwright.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit entries an operator asks for; every present criterion must match.
 *
 * @param thingId only entries about this twin
 * @param rule only entries of this rule
 * @param action only entries of this action
 * @param from only entries at or after this instant
 * @param to only entries before this instant
 * @param limit at most this many entries, the newest
 */
public record AuditFilter(
    Optional<String> thingId,
    Optional<String> rule,
    Optional<String> action,
    Optional<Instant> from,
    Optional<Instant> to,
    int limit) {

  public AuditFilter {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }

  /** Whether the entry meets every criterion but the limit. */
  public boolean matches(AuditView entry) {
    return thingId.map(entry.thingId()::equals).orElse(true)
        && rule.map(entry.rule()::equals).orElse(true)
        && action.map(entry.action()::equals).orElse(true)
        && from.map(f -> !entry.at().isBefore(f)).orElse(true)
        && to.map(entry.at()::isBefore).orElse(true);
  }
}
