package io.twinwright.api;

import java.util.List;
import java.util.Optional;

/**
 * Work orders the rules opened, bound by the platform to its work order service. Called on the
 * API's worker pool, so an implementation may use a store synchronously.
 */
public interface WorkOrderOperations {

  /**
   * Work orders, newest first.
   *
   * @param state only those in this state ({@code open}, {@code done})
   * @param thingId only those of this twin
   */
  List<WorkOrderView> workOrders(Optional<String> state, Optional<String> thingId);

  /** The work order with this id, or empty when there is none. */
  Optional<WorkOrderView> workOrder(String id);

  /**
   * Marks an open work order done; one that is done already is returned unchanged.
   *
   * @return the work order as it is afterwards; empty when there is none with this id
   */
  Optional<WorkOrderView> done(String id);
}
