package io.twinwright.bench.pacing;

/** Receives each event the pacer issues, on the pacer's thread. It must not block. */
@FunctionalInterface
public interface PaceSink {
  /**
   * @param sequence the event's number, from 0, without gaps
   * @param elapsedNanos time since the pacer started when the batch holding this event was issued
   */
  void emit(long sequence, long elapsedNanos);
}
