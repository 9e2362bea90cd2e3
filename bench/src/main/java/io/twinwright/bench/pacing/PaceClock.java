package io.twinwright.bench.pacing;

import java.util.concurrent.locks.LockSupport;

/**
 * Time as the pacer sees it. Tests pass a fake whose {@link #park} advances the time, so a 30 s
 * schedule runs in milliseconds and deterministically.
 */
public interface PaceClock {
  /** A monotonic reading in nanoseconds, comparable only with other readings of this clock. */
  long nanoTime();

  /** Waits about this long; may return early, for example when the waiting thread is unparked. */
  void park(long nanos);

  /** The real monotonic clock. */
  static PaceClock system() {
    return new PaceClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void park(long nanos) {
        LockSupport.parkNanos(nanos);
      }
    };
  }
}
