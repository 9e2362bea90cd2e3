package io.twinwright.rules;

/** Which clock drives time-based rules and event expiry. */
public enum SessionClockMode {
  /** Wall-clock time, advanced by a periodic tick: production. */
  REAL,
  /** A clock that moves only when {@link RuleEngine#advanceTime} is called: tests and replays. */
  PSEUDO
}
