package io.twinwright.bench.pacing;

import java.time.Duration;

/**
 * A constant rate with a fixed number of events: event {@code n} (counting from 0) is due once
 * {@code (n + 1) / rate} seconds have elapsed, so no event is early and the last one is due exactly
 * at the end of the window.
 *
 * @param ratePerSecond events per second
 * @param total events in the whole schedule
 */
public record PaceSchedule(double ratePerSecond, long total) {
  private static final double NANOS_PER_SECOND = 1e9;

  /**
   * Guards against {@code rate * elapsed} landing a hair below a whole number through
   * floating-point rounding, which would delay an event by a whole tick.
   */
  private static final double EPSILON = 1e-7;

  public PaceSchedule {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number: " + ratePerSecond);
    }
    if (total < 0) {
      throw new IllegalArgumentException("total must not be negative: " + total);
    }
  }

  /** The events a rate yields over a window, rounded down: 5000/s for 30 s gives 150,000. */
  public static PaceSchedule forWindow(double ratePerSecond, Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative: " + window);
    }
    double seconds = window.toNanos() / NANOS_PER_SECOND;
    return new PaceSchedule(ratePerSecond, (long) Math.floor(ratePerSecond * seconds + EPSILON));
  }

  /** How many events are due, in total, once this much time has elapsed since the start. */
  public long dueAt(long elapsedNanos) {
    if (elapsedNanos <= 0) {
      return 0;
    }
    // estimate, then settle on exactly the count nanosUntil agrees with, so the two never disagree
    long due = (long) Math.min(total, Math.floor(elapsedNanos / NANOS_PER_SECOND * ratePerSecond));
    while (due < total && nanosUntil(due + 1) <= elapsedNanos) {
      due++;
    }
    while (due > 0 && nanosUntil(due) > elapsedNanos) {
      due--;
    }
    return due;
  }

  /** The elapsed time, to the nearest nanosecond, at which {@code count} events have become due. */
  public long nanosUntil(long count) {
    if (count <= 0) {
      return 0;
    }
    return Math.round(count / ratePerSecond * NANOS_PER_SECOND);
  }

  /** How long the whole schedule takes. */
  public Duration length() {
    return Duration.ofNanos(nanosUntil(total));
  }
}
