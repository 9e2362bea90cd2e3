package io.twinwright.bench.pacing;

/** A clock that only moves when the pacer waits, so pacing is tested without real time. */
final class FakeClock implements PaceClock {
  private long now = 1_000_000_000L;
  private long extraOnNextPark;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void park(long nanos) {
    now += nanos + extraOnNextPark;
    extraOnNextPark = 0;
  }

  /** Makes the next wait overrun, as a GC pause or a busy core would. */
  void stallNextPark(long nanos) {
    extraOnNextPark = nanos;
  }

  long now() {
    return now;
  }
}
