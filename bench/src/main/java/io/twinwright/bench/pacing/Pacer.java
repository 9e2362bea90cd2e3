package io.twinwright.bench.pacing;

import java.time.Duration;
import java.util.Objects;

/**
 * Issues the events of a {@link PaceSchedule} from the calling thread: at every tick it emits all
 * events that have become due, then waits for the next one. A late tick (GC, a busy core) is made
 * up by a larger batch, so the total over the window stays exact.
 */
public final class Pacer {
  /**
   * Longest single wait, so that {@link #stop()} is noticed promptly even at low rates where the
   * next event may be seconds away.
   */
  private static final long MAX_WAIT_NANOS = Duration.ofMillis(50).toNanos();

  private final PaceClock clock;
  private final long tickNanos;
  private volatile boolean stopped;

  /**
   * @param clock the time source
   * @param tick the shortest wait between batches; 1 ms keeps batches small without busy-spinning
   */
  public Pacer(PaceClock clock, Duration tick) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tick, "tick");
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive: " + tick);
    }
    this.tickNanos = tick.toNanos();
  }

  /**
   * Runs the schedule to its end, or until {@link #stop()}, and returns how many events were
   * emitted.
   */
  public long run(PaceSchedule schedule, PaceSink sink) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(sink, "sink");
    long start = clock.nanoTime();
    long emitted = 0;
    long total = schedule.total();
    while (emitted < total && !stopped) {
      long elapsed = clock.nanoTime() - start;
      long due = schedule.dueAt(elapsed);
      while (emitted < due) {
        sink.emit(emitted, elapsed);
        emitted++;
      }
      if (emitted < total) {
        long untilNext = schedule.nanosUntil(emitted + 1) - elapsed;
        clock.park(Math.min(MAX_WAIT_NANOS, Math.max(tickNanos, untilNext)));
      }
    }
    return emitted;
  }

  /** Makes a running {@link #run} return after its current batch. */
  public void stop() {
    stopped = true;
  }
}
