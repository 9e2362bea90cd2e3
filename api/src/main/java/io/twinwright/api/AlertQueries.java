package io.twinwright.api;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the alerts the rules raised, bound by the platform. Called on the API's worker
 * pool, so an implementation may read a store synchronously.
 */
public interface AlertQueries {

  /**
   * Alerts, newest first.
   *
   * @param thingId only alerts of this twin
   * @param state only alerts in this state ({@code active}, {@code acknowledged}, {@code cleared})
   */
  List<AlertView> alerts(Optional<String> thingId, Optional<String> state);
}
