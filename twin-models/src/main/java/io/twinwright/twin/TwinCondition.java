package io.twinwright.twin;

import java.util.Optional;
import org.eclipse.ditto.things.model.Thing;

/**
 * A check an application write must pass, run atomically with the write on the twin's current state
 * (so that {@code If-Match} on a revision cannot race another writer). It refuses by throwing; the
 * twin is then left unchanged.
 */
@FunctionalInterface
public interface TwinCondition {
  TwinCondition NONE = current -> {};

  /**
   * @param current the twin as it is now; empty when it does not exist
   */
  void check(Optional<Thing> current);
}
