package io.twinwright.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Which alerts an operator asks for; every present criterion must match.
 *
 * @param thingId only alerts of this twin
 * @param state only alerts in this state ({@code active}, {@code acknowledged}, {@code cleared})
 * @param code only alerts with this code
 * @param severity only alerts with this severity (e.g. {@code critical})
 */
public record AlertFilter(
    Optional<String> thingId,
    Optional<String> state,
    Optional<String> code,
    Optional<String> severity) {

  public AlertFilter {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
  }

  /** Every alert. */
  public static AlertFilter all() {
    return new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether the alert meets every criterion (states and severities compare ignoring case). */
  public boolean matches(AlertView alert) {
    return thingId.map(alert.thingId()::equals).orElse(true)
        && state.map(alert.state()::equalsIgnoreCase).orElse(true)
        && code.map(alert.code()::equals).orElse(true)
        && severity.map(alert.severity()::equalsIgnoreCase).orElse(true);
  }
}
