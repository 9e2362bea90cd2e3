package io.twinwright.rules.maintenance.analytics;

/**
 * The current run of readings that stay within epsilon of the run's first value.
 *
 * @param anchor the first value of the run; later readings are compared with it, not with each
 *     other, so a slow creep of less than epsilon per reading still ends the run
 * @param readings how many readings the run holds (at least 1)
 * @param sinceMillis when the run started
 * @param sigmaBefore the signal's standard deviation when the run started: a run only means "stuck"
 *     for a signal that used to vary
 */
public record StuckRun(double anchor, long readings, long sinceMillis, double sigmaBefore) {

  public StuckRun {
    if (readings < 1 || !(sigmaBefore >= 0)) {
      throw new IllegalArgumentException("invalid run: " + readings + " readings, " + sigmaBefore);
    }
  }

  /** A run that starts with this reading. */
  public static StuckRun start(double value, long atMillis, double sigmaBefore) {
    return new StuckRun(value, 1, atMillis, sigmaBefore);
  }

  /**
   * The run after one more reading: longer if the value is within {@code epsilon} of the anchor,
   * otherwise a new run starting at this reading.
   *
   * @param sigmaNow the signal's standard deviation before this reading, kept if a new run starts
   */
  public StuckRun next(double value, long atMillis, double epsilon, double sigmaNow) {
    if (Math.abs(value - anchor) <= epsilon) {
      return new StuckRun(anchor, readings + 1, sinceMillis, sigmaBefore);
    }
    return start(value, atMillis, sigmaNow);
  }

  /** How long the run has lasted at the given time. */
  public long millisAt(long nowMillis) {
    return Math.max(0, nowMillis - sinceMillis);
  }
}
