package io.twinwright.rules.session;

import io.twinwright.rules.facts.AuthFailure;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.twin.TwinEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One item of a partition's queue. */
public sealed interface Work {

  /** A twin changed; {@code thingId} is computed once by the caller, who needed it to route. */
  record TwinChange(String thingId, TwinEvent event) implements Work {}

  /** A twin exists with this model; if {@code lastSeen} is empty it counts as seen now. */
  record Registration(String thingId, String modelId, Optional<Instant> lastSeen) implements Work {}

  record DefineModel(ModelLimits limits) implements Work {}

  record SetSecurityPolicy(SecurityPolicy policy) implements Work {}

  record SetMonitoringPolicy(MonitoringPolicy policy) implements Work {}

  record AuthFailed(AuthFailure failure) implements Work {}

  record QuarantineRelease(String thingId) implements Work {}

  /** Refresh the clock fact from the session clock (real-time mode). */
  record Tick() implements Work {}

  /** Move the pseudo clock forward, then refresh the clock fact. */
  record Advance(long millis) implements Work {}

  /** Completed once everything queued before it has been applied and the rules have fired. */
  record Barrier(CompletableFuture<Void> done) implements Work {}
}
