package io.twinwright.platform.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entries to read; every present criterion must match.
 *
 * @param thingId only entries about this twin
 * @param rule only entries of this rule
 * @param action only entries of this action
 * @param from only entries at or after this instant
 * @param to only entries before this instant
 * @param limit at most this many, the newest
 */
public record AuditQuery(
    Optional<String> thingId,
    Optional<String> rule,
    Optional<String> action,
    Optional<Instant> from,
    Optional<Instant> to,
    int limit) {

  public AuditQuery {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }

  /** The newest {@code limit} entries, unfiltered. */
  public static AuditQuery latest(int limit) {
    return new AuditQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit);
  }
}
