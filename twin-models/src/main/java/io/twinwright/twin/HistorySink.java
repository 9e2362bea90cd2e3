package io.twinwright.twin;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the twin service records every reading it is given, with its source time, including
 * readings too old to change the twin's state. Called on the thread that applied the patch: an
 * implementation only buffers, it never blocks.
 */
@FunctionalInterface
public interface HistorySink {

  /** Records nothing. */
  HistorySink NONE =
      (device, observedAt, readings, immediate) -> CompletableFuture.completedFuture(null);

  /**
   * Records readings of one device, all taken at {@code observedAt}.
   *
   * @param immediate whether somebody waits for durability (write now rather than coalesce)
   * @return completes once the readings are durable
   */
  CompletableFuture<Void> record(
      DeviceId device, Instant observedAt, List<PropertyUpdate> readings, boolean immediate);
}
