package io.twinwright.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The alert life cycle an operator drives (active → acknowledged → cleared), bound by the platform
 * to its alert book. Calls other than {@link #subscribe} are made on the API's worker pool, so an
 * implementation may read or write a store synchronously.
 */
public interface AlertOperations extends AlertQueries {

  /**
   * Alerts meeting the filter, newest first. The default asks {@link #alerts(Optional, Optional)}
   * and filters the rest in memory; an implementation with indexes may do better.
   */
  default List<AlertView> alerts(AlertFilter filter) {
    return alerts(filter.thingId(), filter.state()).stream().filter(filter::matches).toList();
  }

  /** The alert with this id, or empty when there is none. */
  Optional<AlertView> alert(String id);

  /**
   * Acknowledges an active alert. An alert that is already acknowledged or cleared is returned
   * unchanged: the caller tells the outcome from the state of the answer.
   *
   * @return the alert as it is afterwards; empty when there is no alert with this id
   */
  Optional<AlertView> acknowledge(String id);

  /**
   * Clears an alert whatever its state (clearing a cleared alert changes nothing). A rule that
   * finds the condition again raises a new alert.
   *
   * @return the alert as it is afterwards; empty when there is no alert with this id
   */
  Optional<AlertView> clear(String id);

  /**
   * Calls the listener with every alert as it is after each change (raised, refreshed,
   * acknowledged, cleared) until the returned handle is closed. The listener is called on whatever
   * thread changed the alert, so it must only hand the change off, never block.
   */
  AutoCloseable subscribe(Consumer<AlertView> listener);

  /**
   * Read-only operations over a plain {@link AlertQueries}: lookups work, changes and streams are
   * refused with 501, for platforms that bind no alert life cycle.
   */
  static AlertOperations readOnly(AlertQueries queries) {
    return new AlertOperations() {
      @Override
      public List<AlertView> alerts(Optional<String> thingId, Optional<String> state) {
        return queries.alerts(thingId, state);
      }

      @Override
      public Optional<AlertView> alert(String id) {
        return queries.alerts(Optional.empty(), Optional.empty()).stream()
            .filter(a -> a.id().equals(id))
            .findFirst();
      }

      @Override
      public Optional<AlertView> acknowledge(String id) {
        throw unsupported();
      }

      @Override
      public Optional<AlertView> clear(String id) {
        throw unsupported();
      }

      @Override
      public AutoCloseable subscribe(Consumer<AlertView> listener) {
        throw unsupported();
      }

      private ApiException unsupported() {
        return new ApiException(
            501,
            "api:operation.unsupported",
            "This platform offers alerts for reading only.",
            "Use the list and lookup routes.");
      }
    };
  }
}
