package io.twinwright.twin;

import java.util.Objects;
import java.util.Optional;
import org.eclipse.ditto.things.model.Thing;

/**
 * The outcome of an application write of a twin.
 *
 * @param before the twin before the write; empty when the write created it
 * @param after the twin after the write; empty when the write deleted it
 * @param event the change as published to subscribers
 */
public record TwinWrite(Optional<Thing> before, Optional<Thing> after, TwinEvent event) {
  public TwinWrite {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(event, "event");
  }

  /** Whether the write created the twin. */
  public boolean created() {
    return before.isEmpty() && after.isPresent();
  }
}
