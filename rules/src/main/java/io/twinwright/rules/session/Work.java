package io.twinwright.rules.session;

import io.twinwright.rules.facts.AuthFailure;
import io.twinwright.rules.facts.Connectivity;
import io.twinwright.rules.facts.FirmwareAllowList;
import io.twinwright.rules.facts.FirmwareReport;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.twin.TwinEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.kie.api.runtime.KieSession;

/** One item of a partition's queue. */
public sealed interface Work {

  /** A twin changed; {@code thingId} is computed once by the caller, who needed it to route. */
  record TwinChange(String thingId, TwinEvent event) implements Work {}

  /** A twin exists with this model; if {@code lastSeen} is empty it counts as seen now. */
  record Registration(String thingId, String modelId, Optional<Instant> lastSeen) implements Work {}

  record DefineModel(ModelLimits limits) implements Work {}

  record SetSecurityPolicy(SecurityPolicy policy) implements Work {}

  record SetMonitoringPolicy(MonitoringPolicy policy) implements Work {}

  record SetFirmwareAllowList(FirmwareAllowList allowList) implements Work {}

  record AuthFailed(AuthFailure failure) implements Work {}

  record ConnectivityChanged(Connectivity change) implements Work {}

  /** An adapter refused a message of the device for exceeding a rate limit. */
  record RateLimited(String thingId, long atMillis) implements Work {}

  record FirmwareReported(FirmwareReport report) implements Work {}

  /** The registry decommissioned the device (or took it back into service). */
  record Decommission(String thingId, boolean decommissioned) implements Work {}

  record QuarantineRelease(String thingId) implements Work {}

  record WorkOrderClosed(String thingId, String code) implements Work {}

  /** An alert that was open before a restart. */
  record RestoreAlert(String thingId, String code) implements Work {}

  /**
   * Puts (or with an empty fact removes) a fact the platform owns under a key: a parameter in every
   * partition, or a fact of one device.
   */
  record PutFact(String key, Optional<Object> fact) implements Work {}

  /** Refresh the clock fact from the session clock (real-time mode). */
  record Tick() implements Work {}

  /** Move the pseudo clock forward, then refresh the clock fact. */
  record Advance(long millis) implements Work {}

  /** Completed once everything queued before it has been applied and the rules have fired. */
  record Barrier(CompletableFuture<Void> done) implements Work {}

  /**
   * Replace the session by {@code next} (created from a new knowledge base), carrying the facts
   * over; completed once the new session has fired.
   */
  record Swap(KieSession next, CompletableFuture<Integer> done) implements Work {}
}
