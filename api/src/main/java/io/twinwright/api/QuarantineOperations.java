package io.twinwright.api;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Quarantined devices and their release, bound by the platform to the registry, the rules and the
 * twins. Only an operator releases a device, and only through this port.
 *
 * <p>Both methods are called on the API's worker pool, so they may block briefly; they answer with
 * a future so that asynchronous steps (registry writes, twin updates) need not hold the worker.
 * Failures other than {@link ApiException} are reported to the client as internal errors.
 */
public interface QuarantineOperations {

  /** Devices in quarantine now, most recent first. */
  Future<List<QuarantineView>> quarantined();

  /**
   * Lifts the quarantine of a device: its credentials work again, its twin's {@code security} state
   * is cleared and the rules forget the findings behind it.
   *
   * @param thingId the device's twin
   * @param note why the operator releases it, for the audit log, if they said
   * @return true once released; false when the device is not quarantined (or unknown)
   */
  Future<Boolean> release(String thingId, Optional<String> note);
}
